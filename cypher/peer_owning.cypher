// Departments per industry, function and product that run a product of that category,
// any vendor, not churned (the peer owners).
MATCH (d:Department)-[u:USES]->(p:Product)
WHERE coalesce(u.status, 'active') <> 'churned'
MATCH (d)-[:PART_OF]->(c:Company)
RETURN c.industry AS industry, d.function AS function, p.id AS product_id,
       count(DISTINCT d) AS owning
