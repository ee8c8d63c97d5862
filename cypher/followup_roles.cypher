// The buying roles at these companies (every company when null): on one of their
// opportunities, or account-wide (opportunity_id null), with the holder's name.
MATCH (p:Person)-[r:HAS_ROLE]->(scope)
WITH p, r, scope,
     CASE WHEN scope:Opportunity THEN scope.company_id ELSE scope.id END AS company_id
WHERE $company_ids IS NULL OR company_id IN $company_ids
RETURN p.id AS person_id, p.name AS name, company_id, r.role AS role,
       CASE WHEN scope:Opportunity THEN scope.id END AS opportunity_id
ORDER BY company_id, person_id, role, coalesce(opportunity_id, '')
