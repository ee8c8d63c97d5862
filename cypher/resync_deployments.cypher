// Re-sync: every stored deployments row as [key, row hash, company id], the key's cells
// joined by $sep; the import skips bundle rows whose hash is unchanged.
MATCH (d:Department)-[r:USES]->(:Product)
RETURN collect([r.department_id + $sep + r.product_id + $sep + r.vendor, r._row_hash, d.company_id]) AS rows
