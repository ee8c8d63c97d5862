// A product of a category in use in a department, ours or a competitor's (vendor).
UNWIND $rows AS row
MATCH (d:Department {id: row.department_id})
MATCH (p:Product {id: row.product_id})
MERGE (d)-[u:USES {vendor: row.vendor}]->(p)
SET u = row
