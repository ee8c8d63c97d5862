// Re-sync with --prune: delete the stored opportunities absent from a full export, with
// their relationships.
UNWIND $rows AS row
MATCH (n:Opportunity {id: row.id})
DETACH DELETE n
RETURN count(*) AS deleted
