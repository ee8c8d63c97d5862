// Accounts (as list_account_ids: every company but one that is only someone's previous
// employer) without a stored summary of this as-of date and shape: what a portfolio read
// must compute first. Usually none.
MATCH (c:Company)
WHERE (NOT EXISTS { (c)<-[:PREVIOUSLY_AT]-(:Person) }
       OR EXISTS { (c)<-[:WORKS_AT]-() }
       OR EXISTS { (c)<-[:FOR_ACCOUNT]-(:Opportunity) }
       OR EXISTS { (c)<-[:PART_OF]-(:Department) }
       OR EXISTS { (c)<-[:ON_ACCOUNT_TEAM]-(:Colleague) })
  AND NOT EXISTS {
    MATCH (s:AccountSummary {id: c.id})
    WHERE s.as_of = $as_of AND s.version = $version
  }
RETURN c.id AS id
ORDER BY id
