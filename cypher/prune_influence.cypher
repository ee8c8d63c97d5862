// Re-sync with --prune: delete the stored influence rows absent from a full export.
UNWIND $rows AS row
MATCH (:Person {id: row.source_id})-[r:INFLUENCES]->(:Person {id: row.target_id})
WHERE true
DELETE r
RETURN count(*) AS deleted
