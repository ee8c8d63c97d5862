// Re-sync with --prune: delete the stored companies absent from a full export, with
// their relationships.
UNWIND $rows AS row
MATCH (n:Company {id: row.id})
DETACH DELETE n
RETURN count(*) AS deleted
