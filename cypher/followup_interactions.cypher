// Interactions up to $as_of with the people of these companies (every company when
// null) or about their opportunities: the follow-ups and the touches of key people.
MATCH (i:Interaction)-[:WITH]->(p:Person)
WHERE i.date <= date($as_of)
  AND ($company_ids IS NULL OR p.company_id IN $company_ids
       OR EXISTS { MATCH (i)-[:ABOUT]->(o:Opportunity) WHERE o.company_id IN $company_ids })
OPTIONAL MATCH (i)-[:BY]->(c:Colleague)
RETURN i.id AS id, i.date AS date, i.colleague_id AS colleague_id, c.name AS colleague_name,
       p.id AS person_id, p.name AS person_name, i.type AS type,
       i.opportunity_id AS opportunity_id, i.summary AS summary
ORDER BY date, id
