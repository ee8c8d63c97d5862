// The newest $limit history entries of one company, newest first, each with the
// company's number of entries (`total`).
MATCH (entry:Change {company_id: $company_id})
WITH count(entry) AS total
MATCH (c:Change {company_id: $company_id})
RETURN total, c.date AS date, c.kind AS kind, c.record_id AS record_id,
       c.before AS before, c.after AS after
ORDER BY c.date DESC, c.at DESC, c.n DESC
LIMIT $limit
