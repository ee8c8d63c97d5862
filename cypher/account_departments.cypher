// The account's departments.
MATCH (d:Department {company_id: $company_id})
RETURN properties(d) AS props
ORDER BY d.id
