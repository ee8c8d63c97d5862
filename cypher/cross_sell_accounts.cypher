// For the accounts of one page ($ids), how many of their stored cross-sell cells of
// $as_of the filters keep and the best score (read through the company index).
UNWIND $ids AS id
MATCH (c:CrossSellCell {company_id: id})
WHERE c.score IS NOT NULL AND c.as_of = $as_of
  AND ($status IS NULL OR c.status = $status)
  AND ($product_id IS NULL OR c.product_id = $product_id)
  AND ($strategic_class IS NULL OR c.strategic_class = $strategic_class)
  AND ($function IS NULL OR c.function = $function)
  AND ($min_score IS NULL OR c.score >= $min_score)
  AND ($needle IS NULL OR toLower(c.company) CONTAINS $needle
       OR toLower(c.company_id) CONTAINS $needle)
RETURN id AS company_id, count(c) AS count, max(c.score) AS best
