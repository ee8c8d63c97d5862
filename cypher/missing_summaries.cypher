// Accounts (companies with at least one person) without a stored summary of this as-of
// date and shape: what a portfolio read must compute first. Usually none.
MATCH (c:Company)
WHERE EXISTS { (c)<-[:WORKS_AT]-() }  // only people work at a company: a degree check
  AND NOT EXISTS {
    MATCH (s:AccountSummary {id: c.id})
    WHERE s.as_of = $as_of AND s.version = $version
  }
RETURN c.id AS id
ORDER BY id
