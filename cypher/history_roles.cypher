// Import history: the distinct buying roles of the people of these companies.
UNWIND $company_ids AS company_id
MATCH (p:Person {company_id: company_id})-[r:HAS_ROLE]->()
RETURN DISTINCT p.id AS id, r.role AS role
