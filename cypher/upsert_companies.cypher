// One batch of companies; properties replaced by the row (a removed value is removed).
UNWIND $rows AS row
MERGE (c:Company {id: row.id})
SET c = row
