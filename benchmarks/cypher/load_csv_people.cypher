// Server-side loader baseline: the same work as naive_person.cypher, read by Neo4j
// itself from people.csv and committed every 5,000 rows (run in an auto-commit session).
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MERGE (c:Company {id: row.company_id})
  MERGE (p:Person {id: row.id})
  SET p += row
  MERGE (p)-[:WORKS_AT]->(c)
} IN TRANSACTIONS OF 5000 ROWS
