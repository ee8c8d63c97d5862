// The account's opportunities.
MATCH (o:Opportunity {company_id: $company_id})
RETURN properties(o) AS props
ORDER BY o.id
