// These people now: company, name, title, our colleagues' relationships with them and
// how many interactions came with them.
UNWIND $person_ids AS person_id
MATCH (p:Person {id: person_id})
WHERE p.erased IS NULL
RETURN p.id AS id, p.company_id AS company_id, p.name AS name, p.title AS title,
       COLLECT {
         MATCH (c:Colleague)-[k:KNOWS]->(p)
         RETURN {colleague_id: c.id, strength: k.strength}
       } AS relationships,
       COUNT { (:Interaction)-[:WITH]->(p) } AS interactions
