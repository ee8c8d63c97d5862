// Accounts where a colleague knows someone, met someone, or owns an opportunity.
MATCH (c:Colleague {id: $colleague_id})
CALL (c) {
  MATCH (c)-[:KNOWS]->(p:Person)
  RETURN p.company_id AS company_id
  UNION
  MATCH (c)<-[:BY]-(:Interaction)-[:WITH]->(p:Person)
  RETURN p.company_id AS company_id
  UNION
  MATCH (c)<-[:OWNED_BY]-(o:Opportunity)
  RETURN o.company_id AS company_id
}
RETURN DISTINCT company_id
ORDER BY company_id
