// Import history: what the people of these companies are measured on, one row per
// company (a list per person: id, department, manager, title; fewer, larger records
// read faster).
UNWIND $company_ids AS company_id
MATCH (p:Person {company_id: company_id})
RETURN company_id, collect([p.id, p.department_id, p.reports_to, p.title]) AS rows
