// The opportunities of these companies (every company when null), with the account's
// name: what stage histories and follow-ups are told for.
MATCH (o:Opportunity)
WHERE $company_ids IS NULL OR o.company_id IN $company_ids
OPTIONAL MATCH (c:Company {id: o.company_id})
RETURN o.id AS id, o.company_id AS company_id, c.name AS company_name, o.name AS name,
       o.stage AS stage, o.created AS created, o.closed AS closed
ORDER BY company_id, id
