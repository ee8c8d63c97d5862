// Relationships of one page of colleagues (keyset paging on the colleague id).
MATCH (c:Colleague)
WHERE c.id > $after
WITH c ORDER BY c.id LIMIT $limit
OPTIONAL MATCH (c)-[r:KNOWS]->(p:Person)
WITH c, r, p ORDER BY p.id
RETURN c.id AS key, [x IN collect(properties(r)) WHERE x IS NOT NULL] AS rows
ORDER BY key
