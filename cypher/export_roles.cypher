// Roles of one page of people (keyset paging on the person id).
MATCH (p:Person)
WHERE p.id > $after
WITH p ORDER BY p.id LIMIT $limit
OPTIONAL MATCH (p)-[r:HAS_ROLE]->()
WITH p, r ORDER BY r.role, coalesce(r.opportunity_id, '')
RETURN p.id AS key, [x IN collect(properties(r)) WHERE x IS NOT NULL] AS rows
ORDER BY key
