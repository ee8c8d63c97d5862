// Reporting lines (report -> manager), after every person of the bundle exists.
UNWIND $rows AS row
MATCH (p:Person {id: row.id})
CALL (p, row) {
  MATCH (p)-[old:REPORTS_TO]->(manager)
  WHERE row.reports_to IS NULL OR manager.id <> row.reports_to
  DELETE old
}
WITH p, row
WHERE row.reports_to IS NOT NULL
MATCH (manager:Person {id: row.reports_to})
MERGE (p)-[:REPORTS_TO]->(manager)
