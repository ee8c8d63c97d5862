// A touch point: by a colleague, with a person, maybe about an opportunity.
UNWIND $rows AS row
MERGE (i:Interaction {id: row.id})
SET i = row
WITH i, row
CALL (i) {
  MATCH (i)-[old:BY|WITH|ABOUT]->()
  DELETE old
}
MATCH (c:Colleague {id: row.colleague_id})
MATCH (p:Person {id: row.person_id})
MERGE (i)-[:BY]->(c)
MERGE (i)-[:WITH]->(p)
WITH i, row
CALL (i, row) {
  MATCH (o:Opportunity {id: row.opportunity_id})
  MERGE (i)-[:ABOUT]->(o)
}
