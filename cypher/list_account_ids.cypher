// Accounts: companies with at least one person, in id order.
MATCH (c:Company)
WHERE EXISTS { (:Person)-[:WORKS_AT]->(c) }
RETURN c.id AS id
ORDER BY id
