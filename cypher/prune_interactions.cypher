// Re-sync with --prune: delete the stored interactions absent from a full export, with
// their relationships.
UNWIND $rows AS row
MATCH (n:Interaction {id: row.id})
DETACH DELETE n
RETURN count(*) AS deleted
