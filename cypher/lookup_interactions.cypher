// Which of these interaction ids are stored (interactions belong to no company).
UNWIND $ids AS id
MATCH (n:Interaction {id: id})
RETURN n.id AS id, null AS company_id
