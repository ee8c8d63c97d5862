// One batch of our own colleagues.
UNWIND $rows AS row
MERGE (c:Colleague {id: row.id})
SET c = row
