// The last contacts up to $as_of that our colleagues' relationships record with the
// people of these companies (every company when null).
MATCH (c:Colleague)-[k:KNOWS]->(p:Person)
WHERE k.last_contact IS NOT NULL AND k.last_contact <= date($as_of)
  AND ($company_ids IS NULL OR p.company_id IN $company_ids)
RETURN c.id AS colleague_id, p.id AS person_id, k.last_contact AS last_contact
ORDER BY person_id, colleague_id
