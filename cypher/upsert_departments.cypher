// One batch of departments with their company.
UNWIND $rows AS row
MERGE (d:Department {id: row.id})
SET d = row
WITH d, row
CALL (d) {
  MATCH (d)-[old:PART_OF]->(:Company)
  DELETE old
}
MATCH (c:Company {id: row.company_id})
MERGE (d)-[:PART_OF]->(c)
