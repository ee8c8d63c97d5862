// Forget every account summary (after a bulk import).
MATCH (s:AccountSummary)
DELETE s
