// One batch of opportunities none of which is stored yet (see create_people): each with
// its account, and its department, product and owner when given.
UNWIND $rows AS row
CREATE (o:Opportunity)
SET o = row
WITH o, row
MATCH (c:Company {id: row.company_id})
CREATE (o)-[:FOR_ACCOUNT]->(c)
WITH o, row
CALL (o, row) {
  MATCH (d:Department {id: row.department_id})
  CREATE (o)-[:IN_DEPARTMENT]->(d)
}
CALL (o, row) {
  MATCH (p:Product {id: row.product_id})
  CREATE (o)-[:FOR_PRODUCT]->(p)
}
CALL (o, row) {
  MATCH (owner:Colleague {id: row.owner_id})
  CREATE (o)-[:OWNED_BY]->(owner)
}
