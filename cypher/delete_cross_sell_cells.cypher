// Forget the stored cross-sell cells of these accounts (with their summaries).
UNWIND $ids AS id
MATCH (c:CrossSellCell {company_id: id})
DELETE c
