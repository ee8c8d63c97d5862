// Naive baseline: one person row per statement (and per transaction).
// The id lookups use the uniqueness constraints of cypher/schema.cypher.
MERGE (c:Company {id: $company_id})
MERGE (p:Person {id: $id})
SET p = $props
MERGE (p)-[:WORKS_AT]->(c)
