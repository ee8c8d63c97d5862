// The import history of one company from a day on (null: all of it), oldest first.
MATCH (c:Change {company_id: $company_id})
WHERE $since IS NULL OR c.date >= date($since)
RETURN c.date AS date, c.kind AS kind, c.record_id AS record_id, c.before AS before,
       c.after AS after
ORDER BY c.date, c.at, c.n
