// Import history: the stage of each opportunity of these companies.
UNWIND $company_ids AS company_id
MATCH (o:Opportunity {company_id: company_id})
RETURN o.id AS id, o.company_id AS company_id, o.name AS name, o.stage AS stage
