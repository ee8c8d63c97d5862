// Import history: what the departments of these companies are measured on.
UNWIND $company_ids AS company_id
MATCH (d:Department {company_id: company_id})
RETURN d.id AS id, d.company_id AS company_id, d.name AS name, d.function AS function,
       d.parent_id AS parent_id, d.headcount AS headcount
