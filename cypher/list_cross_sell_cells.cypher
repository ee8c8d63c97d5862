// Stored cross-sell cells computed for $as_of, best score first, of one status and one
// product when given (null: any). The score index gives the order, so only $limit cells
// are read past the filters.
MATCH (c:CrossSellCell)
WHERE c.score IS NOT NULL AND c.as_of = $as_of
  AND ($status IS NULL OR c.status = $status)
  AND ($product_id IS NULL OR c.product_id = $product_id)
RETURN properties(c) AS props
ORDER BY c.score DESC, c.company_id, c.department_id, c.product_id
LIMIT $limit
