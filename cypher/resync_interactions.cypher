// Re-sync: one page of the stored interactions in id order (keyset paging), each as
// [key, row hash, company id]; the import skips bundle rows whose hash is unchanged.
MATCH (n:Interaction)
WHERE n.id > $after
WITH n ORDER BY n.id LIMIT $limit
RETURN collect([n.id, n._row_hash, COLLECT { MATCH (n)-[:WITH]->(p:Person) RETURN p.company_id }[0]]) AS rows
