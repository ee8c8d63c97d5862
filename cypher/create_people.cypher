// One batch of people none of whom is stored yet (the caller asked in this transaction;
// the uniqueness constraint refuses one created meanwhile), grouped by company and
// department: each group's company and department are looked up once, not per person.
// A new node has no lines to find or replace, so every line is CREATEd. A reporting
// line is drawn when the manager is stored (people earlier in the batch are, by the
// Eager this plan needs); the rows whose manager is not are returned, for link_people
// once every batch is written.
UNWIND $groups AS g
OPTIONAL MATCH (c:Company {id: g.company_id})
OPTIONAL MATCH (d:Department {id: g.department_id})
UNWIND g.rows AS row
CREATE (p:Person)
SET p = row
WITH p, row, c, d
CALL (p, c) {
  WITH * WHERE c IS NOT NULL
  CREATE (p)-[:WORKS_AT]->(c)
}
CALL (p, d) {
  WITH * WHERE d IS NOT NULL
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
