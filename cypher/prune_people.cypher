// Re-sync with --prune: delete the stored people absent from a full export, with
// their relationships.
UNWIND $rows AS row
MATCH (n:Person {id: row.id})
DETACH DELETE n
RETURN count(*) AS deleted
