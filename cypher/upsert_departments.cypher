// One batch of departments with their company (a moved department is re-linked).
UNWIND $rows AS row
MERGE (d:Department {id: row.id})
SET d = row
WITH d, row
CALL (d, row) {
  MATCH (d)-[old:PART_OF]->(c:Company)
  WHERE c.id <> row.company_id
  DELETE old
}
MATCH (c:Company {id: row.company_id})
MERGE (d)-[:PART_OF]->(c)
