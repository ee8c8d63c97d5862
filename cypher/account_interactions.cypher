// Interactions with the accounts' people.
UNWIND $company_ids AS company_id
RETURN company_id, COLLECT {
  MATCH (i:Interaction)-[:WITH]->(:Person {company_id: company_id})
  RETURN properties(i) ORDER BY i.id
} AS rows
