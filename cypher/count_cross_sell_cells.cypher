// How many stored cross-sell cells list_cross_sell_cells would show without its limit.
MATCH (c:CrossSellCell)
WHERE c.score IS NOT NULL AND c.as_of = $as_of
  AND ($status IS NULL OR c.status = $status)
  AND ($product_id IS NULL OR c.product_id = $product_id)
RETURN count(c) AS total
