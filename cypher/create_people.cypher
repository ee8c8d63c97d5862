// One batch of people none of whom is stored yet (the caller asked in this transaction;
// the uniqueness constraint refuses one created meanwhile). A new node has no lines to
// find or replace, so every line is CREATEd. A reporting line is drawn when the manager
// is stored (people earlier in the batch are, by the Eager this plan needs); the rows
// whose manager is not are returned, for link_people once every batch is written.
UNWIND $rows AS row
CREATE (p:Person)
SET p = row
WITH p, row
MATCH (c:Company {id: row.company_id})
CREATE (p)-[:WORKS_AT]->(c)
WITH p, row
CALL (p, row) {
  MATCH (d:Department {id: row.department_id})
  CREATE (p)-[:MEMBER_OF]->(d)
}
CALL (p, row) {
  UNWIND coalesce(row.previous_company_ids, []) AS previous_id
  MATCH (prev:Company {id: previous_id})
  CREATE (p)-[:PREVIOUSLY_AT]->(prev)
}
WITH p, row
WHERE row.reports_to IS NOT NULL
OPTIONAL MATCH (manager:Person {id: row.reports_to})
CALL (p, manager) {
  WITH * WHERE manager IS NOT NULL
  CREATE (p)-[:REPORTS_TO]->(manager)
}
WITH row, manager
WHERE manager IS NULL
RETURN row.id AS id, row.reports_to AS reports_to
