// Re-sync with --prune: delete the stored deployments rows absent from a full export.
UNWIND $rows AS row
MATCH (:Department {id: row.department_id})-[r:USES]->(:Product {id: row.product_id})
WHERE r.vendor = row.vendor
DELETE r
RETURN count(*) AS deleted
