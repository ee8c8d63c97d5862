// Department nesting, after every department of the bundle exists.
UNWIND $rows AS row
MATCH (d:Department {id: row.id})
CALL (d, row) {
  MATCH (d)-[old:SUB_UNIT_OF]->(parent)
  WHERE row.parent_id IS NULL OR parent.id <> row.parent_id
  DELETE old
}
WITH d, row
WHERE row.parent_id IS NOT NULL
MATCH (parent:Department {id: row.parent_id})
MERGE (d)-[:SUB_UNIT_OF]->(parent)
