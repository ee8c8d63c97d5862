// Re-sync: one page of the stored companies in id order (keyset paging), each as
// [key, row hash, company id]; the import skips bundle rows whose hash is unchanged.
MATCH (n:Company)
WHERE n.id > $after
WITH n ORDER BY n.id LIMIT $limit
RETURN collect([n.id, n._row_hash, n.id]) AS rows
