// Influence lines between people of the same account.
UNWIND $company_ids AS company_id
RETURN company_id, COLLECT {
  MATCH (s:Person {company_id: company_id})-[r:INFLUENCES]->(t:Person)
  WHERE t.company_id = company_id
  RETURN properties(r) ORDER BY s.id, t.id
} AS rows
