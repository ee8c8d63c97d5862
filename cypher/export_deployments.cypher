// Deployments of one page of departments (keyset paging on the department id).
MATCH (d:Department)
WHERE d.id > $after
WITH d ORDER BY d.id LIMIT $limit
OPTIONAL MATCH (d)-[u:USES]->(p:Product)
WITH d, u, p ORDER BY p.id, u.vendor
RETURN d.id AS key, [x IN collect(properties(u)) WHERE x IS NOT NULL] AS rows
ORDER BY key
