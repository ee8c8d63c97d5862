// The accounts' opportunities.
UNWIND $company_ids AS company_id
RETURN company_id, COLLECT {
  MATCH (o:Opportunity {company_id: company_id})
  RETURN properties(o) ORDER BY o.id
} AS rows
