// One batch of departments none of which is stored yet (see create_people): each with
// its company, and its parent department when that is stored. The rows whose parent is
// not are returned, for link_departments once every batch is written.
UNWIND $rows AS row
CREATE (d:Department)
SET d = row
WITH d, row
MATCH (c:Company {id: row.company_id})
CREATE (d)-[:PART_OF]->(c)
WITH d, row
WHERE row.parent_id IS NOT NULL
OPTIONAL MATCH (parent:Department {id: row.parent_id})
CALL (d, parent) {
  WITH * WHERE parent IS NOT NULL
  CREATE (d)-[:SUB_UNIT_OF]->(parent)
}
WITH row, parent
WHERE parent IS NULL
RETURN row.id AS id, row.parent_id AS parent_id
