// Re-sync: every stored influence row as [key, row hash, company id], the key's cells
// joined by $sep; the import skips bundle rows whose hash is unchanged.
MATCH (s:Person)-[r:INFLUENCES]->(:Person)
RETURN collect([r.source_id + $sep + r.target_id, r._row_hash, s.company_id]) AS rows
