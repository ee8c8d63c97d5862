// Re-sync with --prune: delete the stored account_team rows absent from a full export.
UNWIND $rows AS row
MATCH (:Colleague {id: row.colleague_id})-[r:ON_ACCOUNT_TEAM]->(:Company {id: row.company_id})
WHERE r.role = row.role
DELETE r
RETURN count(*) AS deleted
