// Departments per industry and function across the portfolio (the peer totals).
MATCH (d:Department)-[:PART_OF]->(c:Company)
RETURN c.industry AS industry, d.function AS function, count(d) AS total
