// Informal influence lines: the source influences the target's decisions.
UNWIND $rows AS row
MATCH (source:Person {id: row.source_id})
MATCH (target:Person {id: row.target_id})
MERGE (source)-[r:INFLUENCES]->(target)
SET r = row
