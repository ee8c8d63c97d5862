// Accounts where a colleague knows someone, met someone, owns an opportunity or is on
// the account's team.
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
  UNION
  MATCH (c)-[:ON_ACCOUNT_TEAM]->(a:Company)
  RETURN a.id AS company_id
}
RETURN DISTINCT company_id
ORDER BY company_id
