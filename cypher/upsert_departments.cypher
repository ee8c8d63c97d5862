// One batch of departments with their company and parent department (a moved
// department is re-linked). The rows whose parent is not stored yet are returned, for
// link_departments once every batch is written.
UNWIND $rows AS row
MERGE (d:Department {id: row.id})
SET d = row
WITH d, row
CALL (d, row) {
  // No label on the far end (PART_OF only ever ends at a company): the planner then
  // expands from d. With one it scanned every company for every row.
  MATCH (d)-[old:PART_OF|SUB_UNIT_OF]->(target)
  WHERE (old:PART_OF AND target.id <> row.company_id)
     OR (old:SUB_UNIT_OF AND (row.parent_id IS NULL OR target.id <> row.parent_id))
  DELETE old
}
MATCH (c:Company {id: row.company_id})
MERGE (d)-[:PART_OF]->(c)
WITH d, row
WHERE row.parent_id IS NOT NULL
OPTIONAL MATCH (parent:Department {id: row.parent_id})
CALL (d, parent) {
  WITH * WHERE parent IS NOT NULL
  MERGE (d)-[:SUB_UNIT_OF]->(parent)
}
WITH row, parent
WHERE parent IS NULL
RETURN row.id AS id, row.parent_id AS parent_id
