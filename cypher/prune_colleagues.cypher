// Re-sync with --prune: delete the stored colleagues absent from a full export, with
// their relationships.
UNWIND $rows AS row
MATCH (n:Colleague {id: row.id})
DETACH DELETE n
RETURN count(*) AS deleted
