// Every stored account summary.
MATCH (s:AccountSummary)
RETURN properties(s) AS props
ORDER BY s.id
