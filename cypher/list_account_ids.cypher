// Accounts, in id order: every company, except one that is only someone's previous
// employer (a company someone works at, or with a deal, a department or our account
// team on record is an account whatever else it is; one whose contacts are not mapped
// yet is an account, and a gap).
MATCH (c:Company)
WHERE NOT EXISTS { (c)<-[:PREVIOUSLY_AT]-(:Person) }
   OR EXISTS { (c)<-[:WORKS_AT]-() }
   OR EXISTS { (c)<-[:FOR_ACCOUNT]-(:Opportunity) }
   OR EXISTS { (c)<-[:PART_OF]-(:Department) }
   OR EXISTS { (c)<-[:ON_ACCOUNT_TEAM]-(:Colleague) }
RETURN c.id AS id
ORDER BY id
