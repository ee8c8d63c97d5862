// Import history: what a company's changes are measured on, for the companies asked
// (null: every company).
MATCH (c:Company)
WHERE $company_ids IS NULL OR c.id IN $company_ids
RETURN c.id AS id, c.name AS name, c.revenue AS revenue, c.employees AS employees
