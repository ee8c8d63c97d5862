// The people of one company with a previous employer on record other than it.
MATCH (p:Person {company_id: $company_id})-[:PREVIOUSLY_AT]->(prev:Company)
WHERE prev.id <> p.company_id
RETURN p.id AS person_id, prev.id AS from_company_id
ORDER BY person_id, from_company_id
