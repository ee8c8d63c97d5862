// A colleague, if stored.
MATCH (c:Colleague {id: $colleague_id})
RETURN properties(c) AS props
