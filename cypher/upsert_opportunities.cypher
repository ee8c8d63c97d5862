// One batch of opportunities with account, department, product and owner.
UNWIND $rows AS row
MERGE (o:Opportunity {id: row.id})
SET o = row
WITH o, row
CALL (o) {
  MATCH (o)-[old:FOR_ACCOUNT|IN_DEPARTMENT|FOR_PRODUCT|OWNED_BY]->()
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
