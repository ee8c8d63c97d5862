// The accounts' departments.
UNWIND $company_ids AS company_id
RETURN company_id, COLLECT {
  MATCH (d:Department {company_id: company_id})
  RETURN properties(d) ORDER BY d.id
} AS rows
