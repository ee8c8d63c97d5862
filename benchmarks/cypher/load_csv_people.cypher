// Server-side loader baseline, pass 1: the graph work of upsert_people.cypher on
// people.csv, read by Neo4j itself and committed every 5,000 rows (run in an auto-commit
// session, after companies and departments are in). Unlike import_bundle it converts no
// types (every property stays text) and validates nothing.
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MERGE (p:Person {id: row.id})
  SET p += row
  WITH p, row
  MATCH (c:Company {id: row.company_id})
  MERGE (p)-[:WORKS_AT]->(c)
  WITH p, row
  CALL (p, row) {
    MATCH (d:Department {id: row.department_id})
    MERGE (p)-[:MEMBER_OF]->(d)
  }
  CALL (p, row) {
    UNWIND split(coalesce(row.previous_company_ids, ''), ';') AS previous_id
    MATCH (previous:Company {id: previous_id})
    MERGE (p)-[:PREVIOUSLY_AT]->(previous)
  }
} IN TRANSACTIONS OF 5000 ROWS
