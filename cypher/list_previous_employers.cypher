// Everyone with a previous employer on record other than their company now.
MATCH (p:Person)-[:PREVIOUSLY_AT]->(prev:Company)
WHERE prev.id <> p.company_id
RETURN p.id AS person_id, prev.id AS from_company_id
ORDER BY person_id, from_company_id
