// Influence lines of one page of source people (keyset paging on the source id).
MATCH (p:Person)
WHERE p.id > $after
WITH p ORDER BY p.id LIMIT $limit
OPTIONAL MATCH (p)-[r:INFLUENCES]->(t:Person)
WITH p, r, t ORDER BY t.id
RETURN p.id AS key, [x IN collect(properties(r)) WHERE x IS NOT NULL] AS rows
ORDER BY key
