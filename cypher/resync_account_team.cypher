// Re-sync: every stored account_team row as [key, row hash, company id], the key's cells
// joined by $sep; the import skips bundle rows whose hash is unchanged.
MATCH (:Colleague)-[r:ON_ACCOUNT_TEAM]->(a:Company)
RETURN collect([r.company_id + $sep + r.colleague_id + $sep + r.role, r._row_hash, a.id]) AS rows
