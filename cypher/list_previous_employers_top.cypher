// The $limit people with a previous employer that is one of our accounts (someone works
// there, or it has a deal, a department or our account team) whom our colleagues know
// best, strongest relationship first.
MATCH (p:Person)-[:PREVIOUSLY_AT]->(prev:Company)
WHERE prev.id <> p.company_id AND p.erased IS NULL
  AND (EXISTS { (prev)<-[:WORKS_AT]-() } OR EXISTS { (prev)<-[:FOR_ACCOUNT]-(:Opportunity) }
       OR EXISTS { (prev)<-[:PART_OF]-(:Department) }
       OR EXISTS { (prev)<-[:ON_ACCOUNT_TEAM]-(:Colleague) })
WITH p, prev, COLLECT { MATCH (:Colleague)-[k:KNOWS]->(p) RETURN k.strength } AS strengths
RETURN p.id AS person_id, prev.id AS from_company_id
ORDER BY reduce(best = 0, s IN strengths | CASE WHEN s > best THEN s ELSE best END) DESC,
         person_id, from_company_id
LIMIT $limit
