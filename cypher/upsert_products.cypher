// One batch of catalogue products.
UNWIND $rows AS row
MERGE (p:Product {id: row.id})
SET p = row
