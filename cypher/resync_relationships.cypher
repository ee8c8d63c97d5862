// Re-sync: every stored relationships row as [key, row hash, company id], the key's cells
// joined by $sep; the import skips bundle rows whose hash is unchanged.
MATCH (:Colleague)-[r:KNOWS]->(p:Person)
RETURN collect([r.colleague_id + $sep + r.person_id, r._row_hash, p.company_id]) AS rows
