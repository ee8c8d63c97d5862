// One batch of touch points none of which is stored yet (see create_people): by a
// colleague, with a person, maybe about an opportunity.
UNWIND $rows AS row
CREATE (i:Interaction)
SET i = row
WITH i, row
MATCH (c:Colleague {id: row.colleague_id})
MATCH (p:Person {id: row.person_id})
CREATE (i)-[:BY]->(c)
CREATE (i)-[:WITH]->(p)
WITH i, row
CALL (i, row) {
  MATCH (o:Opportunity {id: row.opportunity_id})
  CREATE (i)-[:ABOUT]->(o)
}
