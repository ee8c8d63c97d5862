// Every company with its id and name, in id order.
MATCH (c:Company)
RETURN c.id AS id, c.name AS name, c.industry AS industry
ORDER BY c.id
