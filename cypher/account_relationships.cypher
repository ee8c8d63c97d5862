// Our colleagues' relationships with the accounts' people.
UNWIND $company_ids AS company_id
RETURN company_id, COLLECT {
  MATCH (:Person {company_id: company_id})<-[r:KNOWS]-(:Colleague)
  RETURN properties(r) ORDER BY r.colleague_id, r.person_id
} AS rows
