// The portfolio matrix of the filtered stored cross-sell cells of $as_of: per department
// function x product, how many and the best score (their sum is the filtered total).
MATCH (c:CrossSellCell)
WHERE c.score IS NOT NULL AND c.as_of = $as_of
  AND ($status IS NULL OR c.status = $status)
  AND ($product_id IS NULL OR c.product_id = $product_id)
  AND ($strategic_class IS NULL OR c.strategic_class = $strategic_class)
  AND ($function IS NULL OR c.function = $function)
  AND ($min_score IS NULL OR c.score >= $min_score)
  AND ($needle IS NULL OR toLower(c.company) CONTAINS $needle
       OR toLower(c.company_id) CONTAINS $needle)
RETURN coalesce(c.function, 'other') AS function, c.product_id AS product_id,
       min(c.product) AS product, count(*) AS count, max(c.score) AS best
