// Remove one buying role of a person: on an opportunity, or account-wide (no opportunity).
MATCH (:Person {id: $person_id})-[r:HAS_ROLE {role: $role}]->()
WHERE coalesce(r.opportunity_id, '') = coalesce($opportunity_id, '')
DELETE r
