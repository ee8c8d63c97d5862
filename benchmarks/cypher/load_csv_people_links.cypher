// Server-side loader baseline, pass 2: reporting lines, once every person exists (the
// work of link_people.cypher).
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  WITH row
  WHERE row.reports_to IS NOT NULL
  MATCH (p:Person {id: row.id})
  MATCH (manager:Person {id: row.reports_to})
  MERGE (p)-[:REPORTS_TO]->(manager)
} IN TRANSACTIONS OF 5000 ROWS
