// Interactions with the account's people.
MATCH (i:Interaction)-[:WITH]->(:Person {company_id: $company_id})
RETURN properties(i) AS props
ORDER BY i.id
