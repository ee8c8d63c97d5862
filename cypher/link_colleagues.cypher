// Our team's reporting lines, after every colleague of the bundle exists.
UNWIND $rows AS row
MATCH (c:Colleague {id: row.id})
CALL (c, row) {
  MATCH (c)-[old:REPORTS_TO]->(manager)
  WHERE row.manager_id IS NULL OR manager.id <> row.manager_id
  DELETE old
}
WITH c, row
WHERE row.manager_id IS NOT NULL
MATCH (manager:Colleague {id: row.manager_id})
MERGE (c)-[:REPORTS_TO]->(manager)
