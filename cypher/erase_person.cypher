// Erase a person's personal data: keep an anonymous placeholder (id, company, department,
// reporting line, seniority, function) so the org structure stays whole; drop every
// other attribute, relationship, role, influence line, interaction and import history
// entry about them, and count the interactions on the company so aggregates survive.
MATCH (p:Person {id: $person_id})
MATCH (c:Company {id: p.company_id})
OPTIONAL MATCH (i:Interaction)-[:WITH]->(p)
WITH p, c, collect(i) AS interactions
SET c.erased_interactions = coalesce(c.erased_interactions, 0) + size(interactions)
FOREACH (i IN interactions | DETACH DELETE i)
WITH p
CALL (p) {
  MATCH (change:Change {person_id: p.id})
  DELETE change
}
CALL (p) {
  MATCH (p)-[r:INFLUENCES|PREVIOUSLY_AT|HAS_ROLE]->()
  DELETE r
}
CALL (p) {
  MATCH (p)<-[r:KNOWS|INFLUENCES]-()
  DELETE r
}
WITH p, p {.id, .company_id, .department_id, .reports_to, .seniority, .function} AS kept
SET p = kept
SET p.name = $placeholder, p.erased = $erased_on
RETURN p.id AS id
