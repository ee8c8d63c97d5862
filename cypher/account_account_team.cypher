// Our colleagues on each account's team, with their role there.
UNWIND $company_ids AS company_id
RETURN company_id, COLLECT {
  MATCH (:Company {id: company_id})<-[t:ON_ACCOUNT_TEAM]-(:Colleague)
  RETURN properties(t)
  ORDER BY t.colleague_id, t.role
} AS rows
