// Forget up to $limit stored cross-sell cells of any account; called until it deletes none.
MATCH (c:CrossSellCell)
WITH c LIMIT $limit
DELETE c
RETURN count(*) AS deleted
