// A person's id and company, if stored.
MATCH (p:Person {id: $person_id})
RETURN p.id AS id, p.company_id AS company_id
