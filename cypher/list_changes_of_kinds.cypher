// History entries of these kinds across the portfolio (or of the companies asked),
// oldest first.
MATCH (c:Change)
WHERE c.kind IN $kinds AND ($company_ids IS NULL OR c.company_id IN $company_ids)
RETURN c.company_id AS company_id, c.date AS date, c.kind AS kind,
       c.record_id AS record_id, c.before AS before, c.after AS after
ORDER BY c.date, c.at, c.n
