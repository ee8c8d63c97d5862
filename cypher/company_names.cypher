// Names of these companies (the id where a company has none).
MATCH (c:Company)
WHERE c.id IN $ids
RETURN c.id AS id, coalesce(c.name, c.id) AS name
