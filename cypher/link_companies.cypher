// Subsidiary lines, after every company of the bundle exists.
UNWIND $rows AS row
MATCH (c:Company {id: row.id})
CALL (c) {
  MATCH (c)-[old:SUBSIDIARY_OF]->()
  DELETE old
}
WITH c, row
WHERE row.parent_id IS NOT NULL
MATCH (parent:Company {id: row.parent_id})
MERGE (c)-[:SUBSIDIARY_OF]->(parent)
