// Store per-account summaries (what the portfolio page shows), one node per account.
UNWIND $rows AS row
MERGE (s:AccountSummary {id: row.id})
SET s = row
