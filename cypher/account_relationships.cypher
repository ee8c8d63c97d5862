// Our colleagues' relationships with the account's people.
MATCH (p:Person {company_id: $company_id})<-[r:KNOWS]-(:Colleague)
RETURN properties(r) AS props
ORDER BY r.colleague_id, r.person_id
