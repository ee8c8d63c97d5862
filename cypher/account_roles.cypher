// Buying roles held by the account's people.
MATCH (:Person {company_id: $company_id})-[r:HAS_ROLE]->()
RETURN properties(r) AS props
ORDER BY r.person_id, r.role, coalesce(r.opportunity_id, '')
