// The accounts' people.
UNWIND $company_ids AS company_id
RETURN company_id, COLLECT {
  MATCH (p:Person {company_id: company_id})
  RETURN properties(p) ORDER BY p.id
} AS rows
