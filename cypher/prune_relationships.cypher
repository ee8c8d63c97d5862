// Re-sync with --prune: delete the stored relationships rows absent from a full export.
UNWIND $rows AS row
MATCH (:Colleague {id: row.colleague_id})-[r:KNOWS]->(:Person {id: row.person_id})
WHERE true
DELETE r
RETURN count(*) AS deleted
