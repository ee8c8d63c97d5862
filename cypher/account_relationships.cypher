// Our colleagues' relationships with the accounts' people.
// Dates travel as ISO text: parsed by the record model, cheaper than Bolt dates.
UNWIND $company_ids AS company_id
RETURN company_id, COLLECT {
  MATCH (:Person {company_id: company_id})<-[r:KNOWS]-(:Colleague)
  RETURN r {.*, since: toString(r.since), last_contact: toString(r.last_contact)}
  ORDER BY r.colleague_id, r.person_id
} AS rows
