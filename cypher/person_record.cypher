// A stored person's properties, if stored.
MATCH (p:Person {id: $person_id})
RETURN properties(p) AS props
