// One batch of departments with their company (a moved department is re-linked).
UNWIND $rows AS row
MERGE (d:Department {id: row.id})
SET d = row
WITH d, row
CALL (d, row) {
  // No label on the far end (PART_OF only ever ends at a company): the planner then
  // expands from d. With one it scanned every company for every row.
  MATCH (d)-[old:PART_OF]->(target)
  WHERE target.id <> row.company_id
  DELETE old
}
MATCH (c:Company {id: row.company_id})
MERGE (d)-[:PART_OF]->(c)
