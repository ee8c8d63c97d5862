// One page of the stored cross-sell cells of $as_of, best score first (ties by company,
// department, product id): the cross-sell page's default order. The score index gives
// the order, so only $skip + $limit cells are read past the filters (null: any).
MATCH (c:CrossSellCell)
WHERE c.score IS NOT NULL AND c.as_of = $as_of
  AND ($status IS NULL OR c.status = $status)
  AND ($product_id IS NULL OR c.product_id = $product_id)
  AND ($strategic_class IS NULL OR c.strategic_class = $strategic_class)
  AND ($function IS NULL OR c.function = $function)
  AND ($min_score IS NULL OR c.score >= $min_score)
  AND ($needle IS NULL OR toLower(c.company) CONTAINS $needle
       OR toLower(c.company_id) CONTAINS $needle)
RETURN properties(c) AS props
ORDER BY c.score DESC, c.company_id, c.department_id, c.product_id
SKIP $skip LIMIT $limit
