// Buying roles held by the accounts' people.
UNWIND $company_ids AS company_id
RETURN company_id, COLLECT {
  MATCH (:Person {company_id: company_id})-[r:HAS_ROLE]->()
  RETURN properties(r) ORDER BY r.person_id, r.role, coalesce(r.opportunity_id, '')
} AS rows
