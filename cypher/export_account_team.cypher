// Account team members of one page of companies (keyset paging on the company id).
MATCH (a:Company)
WHERE a.id > $after
WITH a ORDER BY a.id LIMIT $limit
OPTIONAL MATCH (a)<-[t:ON_ACCOUNT_TEAM]-(:Colleague)
WITH a, t ORDER BY t.colleague_id, t.role
RETURN a.id AS key, [x IN collect(properties(t)) WHERE x IS NOT NULL] AS rows
ORDER BY key
