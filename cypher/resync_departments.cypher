// Re-sync: one page of the stored departments in id order (keyset paging), each as
// [key, row hash, company id]; the import skips bundle rows whose hash is unchanged.
// A record whose same-file line is still undrawn (an import cut short before its
// last pass) reads as without a hash, so the next import writes it again.
MATCH (n:Department)
WHERE n.id > $after
WITH n ORDER BY n.id LIMIT $limit
RETURN collect([n.id,
                CASE WHEN n.parent_id IS NULL OR EXISTS { (n)-[:SUB_UNIT_OF]->() } THEN n._row_hash END,
                n.company_id]) AS rows
