// Re-sync: one page of the stored people in id order (keyset paging), each as
// [key, row hash, company id]; the import skips bundle rows whose hash is unchanged.
// A record whose same-file line is still undrawn (an import cut short before its
// last pass) reads as without a hash, so the next import writes it again.
MATCH (n:Person)
WHERE n.id > $after
WITH n ORDER BY n.id LIMIT $limit
RETURN collect([n.id,
                CASE WHEN (n.reports_to IS NULL OR EXISTS { (n)-[:REPORTS_TO]->() })
                      AND size(coalesce(n.dotted_line_to, []))
                          = COUNT { (n)-[:DOTTED_LINE_TO]->() }
                     THEN n._row_hash END,
                n.company_id]) AS rows
