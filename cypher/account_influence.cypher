// Influence lines between people of the account.
MATCH (s:Person {company_id: $company_id})-[r:INFLUENCES]->(t:Person)
WHERE t.company_id = $company_id
RETURN properties(r) AS props
ORDER BY s.id, t.id
