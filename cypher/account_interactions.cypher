// Interactions with the accounts' people.
// Dates travel as ISO text: parsed by the record model, cheaper than Bolt dates.
UNWIND $company_ids AS company_id
RETURN company_id, COLLECT {
  MATCH (i:Interaction)-[:WITH]->(:Person {company_id: company_id})
  RETURN i {.*, date: toString(i.date)} ORDER BY i.id
} AS rows
