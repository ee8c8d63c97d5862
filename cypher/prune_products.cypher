// Re-sync with --prune: delete the stored products absent from a full export, with
// their relationships.
UNWIND $rows AS row
MATCH (n:Product {id: row.id})
DETACH DELETE n
RETURN count(*) AS deleted
