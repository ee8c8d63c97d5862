// Import history: what the people of these companies are measured on, with their
// distinct buying roles in order.
UNWIND $company_ids AS company_id
MATCH (p:Person {company_id: company_id})
RETURN p.id AS id, p.company_id AS company_id, p.department_id AS department_id,
       p.reports_to AS reports_to, p.title AS title,
       COLLECT { MATCH (p)-[r:HAS_ROLE]->() RETURN DISTINCT r.role AS role ORDER BY role }
         AS roles
