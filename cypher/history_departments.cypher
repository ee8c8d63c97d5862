// Import history: what the departments of these companies are measured on, one row per
// company (a list per department: id, name, function, parent, headcount).
UNWIND $company_ids AS company_id
MATCH (d:Department {company_id: company_id})
RETURN company_id,
       collect([d.id, d.name, d.function, d.parent_id, d.headcount]) AS rows
