// One batch of opportunities with account, department, product and owner; lines that
// no longer hold are deleted, the others kept.
UNWIND $rows AS row
MERGE (o:Opportunity {id: row.id})
SET o = row
WITH o, row
CALL (o, row) {
  MATCH (o)-[old:FOR_ACCOUNT|IN_DEPARTMENT|FOR_PRODUCT|OWNED_BY]->(target)
  WHERE (old:FOR_ACCOUNT AND target.id <> row.company_id)
     OR (old:IN_DEPARTMENT AND (row.department_id IS NULL OR target.id <> row.department_id))
     OR (old:FOR_PRODUCT AND (row.product_id IS NULL OR target.id <> row.product_id))
     OR (old:OWNED_BY AND (row.owner_id IS NULL OR target.id <> row.owner_id))
  DELETE old
}
MATCH (c:Company {id: row.company_id})
MERGE (o)-[:FOR_ACCOUNT]->(c)
WITH o, row
CALL (o, row) {
  MATCH (d:Department {id: row.department_id})
  MERGE (o)-[:IN_DEPARTMENT]->(d)
}
CALL (o, row) {
  MATCH (p:Product {id: row.product_id})
  MERGE (o)-[:FOR_PRODUCT]->(p)
}
CALL (o, row) {
  MATCH (owner:Colleague {id: row.owner_id})
  MERGE (o)-[:OWNED_BY]->(owner)
}
