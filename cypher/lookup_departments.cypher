// Which of these departments ids are stored, with the company each belongs to.
UNWIND $ids AS id
MATCH (n:Department {id: id})
RETURN n.id AS id, n.company_id AS company_id
