// Colleagues who know, met, own an opportunity at or are on the team of each account.
UNWIND $company_ids AS company_id
RETURN company_id, COLLECT {
  CALL (company_id) {
    MATCH (:Person {company_id: company_id})<-[:KNOWS]-(c:Colleague)
    RETURN c
    UNION
    MATCH (:Person {company_id: company_id})<-[:WITH]-(:Interaction)-[:BY]->(c:Colleague)
    RETURN c
    UNION
    MATCH (:Opportunity {company_id: company_id})-[:OWNED_BY]->(c:Colleague)
    RETURN c
    UNION
    MATCH (:Company {id: company_id})<-[:ON_ACCOUNT_TEAM]-(c:Colleague)
    RETURN c
  }
  RETURN properties(c) ORDER BY c.id
} AS rows
