// The account's people.
MATCH (p:Person {company_id: $company_id})
RETURN properties(p) AS props
ORDER BY p.id
