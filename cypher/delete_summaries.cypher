// Forget the summaries of these accounts (they are recomputed when next asked for);
// delete_cross_sell_cells forgets their cells in the same transaction.
UNWIND $ids AS id
MATCH (s:AccountSummary {id: id})
DELETE s
