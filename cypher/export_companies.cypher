// One page of companies, in id order (keyset paging: after the last id of the previous page).
MATCH (n:Company)
WHERE n.id > $after
RETURN n.id AS key, properties(n) AS props
ORDER BY n.id
LIMIT $limit
