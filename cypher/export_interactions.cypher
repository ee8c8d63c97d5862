// One page of interactions, in id order (keyset paging).
MATCH (n:Interaction)
WHERE n.id > $after
RETURN n.id AS key, properties(n) AS props
ORDER BY n.id
LIMIT $limit
