// Re-sync with --prune: delete the stored roles rows absent from a full export.
UNWIND $rows AS row
MATCH (:Person {id: row.person_id})-[r:HAS_ROLE]->()
WHERE r.role = row.role AND coalesce(r.opportunity_id, '') = coalesce(row.opportunity_id, '')
DELETE r
RETURN count(*) AS deleted
