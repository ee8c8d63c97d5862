// Re-sync with --prune: delete the stored departments absent from a full export, with
// their relationships.
UNWIND $rows AS row
MATCH (n:Department {id: row.id})
DETACH DELETE n
RETURN count(*) AS deleted
