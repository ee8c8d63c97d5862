// Subsidiary lines, after every company of the bundle exists.
UNWIND $rows AS row
MATCH (c:Company {id: row.id})
CALL (c, row) {
  MATCH (c)-[old:SUBSIDIARY_OF]->(parent)
  WHERE row.parent_id IS NULL OR parent.id <> row.parent_id
  DELETE old
}
WITH c, row
WHERE row.parent_id IS NOT NULL
MATCH (parent:Company {id: row.parent_id})
MERGE (c)-[:SUBSIDIARY_OF]->(parent)
