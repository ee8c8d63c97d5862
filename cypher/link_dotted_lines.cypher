// Dotted-line (secondary) reporting lines, after every person of the bundle exists:
// each row's DOTTED_LINE_TO lines become exactly those of row.dotted_line_to.
UNWIND $rows AS row
MATCH (p:Person {id: row.id})
CALL (p, row) {
  MATCH (p)-[old:DOTTED_LINE_TO]->(manager)
  WHERE NOT manager.id IN coalesce(row.dotted_line_to, [])
  DELETE old
}
WITH p, row
UNWIND coalesce(row.dotted_line_to, []) AS manager_id
MATCH (manager:Person {id: manager_id})
MERGE (p)-[:DOTTED_LINE_TO]->(manager)
