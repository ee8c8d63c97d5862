// Re-sync: every stored roles row as [key, row hash, company id], the key's cells
// joined by $sep; the import skips bundle rows whose hash is unchanged.
MATCH (p:Person)-[r:HAS_ROLE]->()
RETURN collect([r.person_id + $sep + r.role + $sep + coalesce(r.opportunity_id, ''), r._row_hash, p.company_id]) AS rows
