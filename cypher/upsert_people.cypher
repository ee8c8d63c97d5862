// One batch of people: employer, department, previous employers and manager. Lines that
// no longer hold are deleted (and a person who changed company loses the buying roles
// held at the old one); lines that still hold are kept (MERGE finds them). The
// rows whose manager is not stored yet are returned, for link_people once every batch
// is written.
UNWIND $rows AS row
MERGE (p:Person {id: row.id})
SET p = row
WITH p, row
CALL (p, row) {
  MATCH (p)-[old:WORKS_AT|MEMBER_OF|PREVIOUSLY_AT|REPORTS_TO|HAS_ROLE|DOTTED_LINE_TO]->(target)
  WHERE (old:WORKS_AT AND target.id <> row.company_id)
     // buying roles at a company the person has left (its deals, or account-wide)
     OR (old:HAS_ROLE AND coalesce(target.company_id, target.id) <> row.company_id)
     OR (old:MEMBER_OF AND (row.department_id IS NULL OR target.id <> row.department_id))
     OR (old:PREVIOUSLY_AT AND NOT target.id IN coalesce(row.previous_company_ids, []))
     OR (old:REPORTS_TO AND (row.reports_to IS NULL OR target.id <> row.reports_to))
     OR (old:DOTTED_LINE_TO AND NOT target.id IN coalesce(row.dotted_line_to, []))
  DELETE old
}
MATCH (c:Company {id: row.company_id})
MERGE (p)-[:WORKS_AT]->(c)
WITH p, row
CALL (p, row) {
  MATCH (d:Department {id: row.department_id})
  MERGE (p)-[:MEMBER_OF]->(d)
}
CALL (p, row) {
  UNWIND coalesce(row.previous_company_ids, []) AS previous_id
  MATCH (prev:Company {id: previous_id})
  MERGE (p)-[:PREVIOUSLY_AT]->(prev)
}
WITH p, row
WHERE row.reports_to IS NOT NULL
OPTIONAL MATCH (manager:Person {id: row.reports_to})
CALL (p, manager) {
  WITH * WHERE manager IS NOT NULL
  MERGE (p)-[:REPORTS_TO]->(manager)
}
WITH row, manager
WHERE manager IS NULL
RETURN row.id AS id, row.reports_to AS reports_to
