// Forget the summaries of these accounts (they are recomputed when next asked for).
UNWIND $ids AS id
MATCH (s:AccountSummary {id: id})
DELETE s
