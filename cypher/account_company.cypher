// The account itself.
MATCH (c:Company {id: $company_id})
RETURN properties(c) AS props
