// Accounts: companies with at least one person, in id order.
MATCH (c:Company)
WHERE EXISTS { (c)<-[:WORKS_AT]-() }  // only people work at a company: a degree check
RETURN c.id AS id
ORDER BY id
