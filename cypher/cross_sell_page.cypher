// One page of the stored cross-sell cells of $as_of, filtered (null: any) and sorted by
// $sort in the direction $desc, ties by best score then company, department and product
// id (graphprofile.analytics.cross_sell defines the same order). $sort is one of the keys
// below; the caller checks it against its fixed list. SKIP/LIMIT after ORDER BY keeps only
// the top $skip + $limit while sorting.
MATCH (c:CrossSellCell)
WHERE c.score IS NOT NULL AND c.as_of = $as_of
  AND ($status IS NULL OR c.status = $status)
  AND ($product_id IS NULL OR c.product_id = $product_id)
  AND ($strategic_class IS NULL OR c.strategic_class = $strategic_class)
  AND ($function IS NULL OR c.function = $function)
  AND ($min_score IS NULL OR c.score >= $min_score)
  AND ($needle IS NULL OR toLower(c.company) CONTAINS $needle
       OR toLower(c.company_id) CONTAINS $needle)
WITH c, CASE $sort
    WHEN 'propensity' THEN c.score
    WHEN 'account' THEN toLower(c.company)
    WHEN 'department' THEN toLower(c.department)
    WHEN 'product' THEN toLower(c.product)
    WHEN 'class' THEN coalesce(c.strategic_class, '')
    WHEN 'status' THEN c.status
    ELSE c.score
  END AS key
// One of the two keys is null on every row: the other one orders them.
RETURN properties(c) AS props
ORDER BY CASE WHEN $desc THEN null ELSE key END ASC,
         CASE WHEN $desc THEN key ELSE null END DESC,
         c.score DESC, c.company_id, c.department_id, c.product_id
SKIP $skip LIMIT $limit
