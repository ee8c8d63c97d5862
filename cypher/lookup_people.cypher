// Which of these people ids are stored, with the company each belongs to.
UNWIND $ids AS id
MATCH (n:Person {id: id})
RETURN n.id AS id, n.company_id AS company_id
