// Accounts, in id order: companies someone works at, or with a deal or a department on
// record (an account whose contacts are not mapped yet is an account, and a gap). A
// company only named as someone's previous employer is not.
MATCH (c:Company)
WHERE EXISTS { (c)<-[:WORKS_AT]-() }
   OR EXISTS { (c)<-[:FOR_ACCOUNT]-(:Opportunity) }
   OR EXISTS { (c)<-[:PART_OF]-(:Department) }
RETURN c.id AS id
ORDER BY id
