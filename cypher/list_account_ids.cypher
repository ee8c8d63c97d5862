// Accounts, in id order: companies someone works at, or with a deal, a department or our
// account team on record (an account whose contacts are not mapped yet is an account,
// and a gap). A company only named as someone's previous employer is not.
MATCH (c:Company)
WHERE EXISTS { (c)<-[:WORKS_AT]-() }
   OR EXISTS { (c)<-[:FOR_ACCOUNT]-(:Opportunity) }
   OR EXISTS { (c)<-[:PART_OF]-(:Department) }
   OR EXISTS { (c)<-[:ON_ACCOUNT_TEAM]-(:Colleague) }
RETURN c.id AS id
ORDER BY id
