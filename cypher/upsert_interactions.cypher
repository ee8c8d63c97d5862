// A touch point: by a colleague, with a person, maybe about an opportunity; lines that
// no longer hold are deleted, the others kept.
UNWIND $rows AS row
MERGE (i:Interaction {id: row.id})
SET i = row
WITH i, row
CALL (i, row) {
  MATCH (i)-[old:BY|WITH|ABOUT]->(target)
  WHERE (old:BY AND target.id <> row.colleague_id)
     OR (old:WITH AND target.id <> row.person_id)
     OR (old:ABOUT AND (row.opportunity_id IS NULL OR target.id <> row.opportunity_id))
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
