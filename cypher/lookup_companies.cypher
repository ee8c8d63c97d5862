// Which of these companies ids are stored, with the company each belongs to.
UNWIND $ids AS id
MATCH (n:Company {id: id})
RETURN n.id AS id, n.company_id AS company_id
