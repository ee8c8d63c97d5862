// Colleagues who know, met, or own an opportunity at the account.
CALL () {
  MATCH (:Person {company_id: $company_id})<-[:KNOWS]-(c:Colleague)
  RETURN c
  UNION
  MATCH (:Person {company_id: $company_id})<-[:WITH]-(:Interaction)-[:BY]->(c:Colleague)
  RETURN c
  UNION
  MATCH (:Opportunity {company_id: $company_id})-[:OWNED_BY]->(c:Colleague)
  RETURN c
}
RETURN properties(c) AS props
ORDER BY c.id
