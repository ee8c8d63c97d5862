// The decision makers and economic buyers of the given companies, one row per person
// and role, with their department and the roles of the others on the same deals.
UNWIND $company_ids AS company_id
MATCH (p:Person {company_id: company_id})-[r:HAS_ROLE]->(scope)
WHERE r.role IN ['decision_maker', 'economic_buyer']
WITH p, company_id, r.role AS role, collect(scope) AS scopes
OPTIONAL MATCH (p)-[:MEMBER_OF]->(d:Department)
RETURN p.id AS person_id, company_id, role, p.title AS title,
       p.seniority AS seniority, p.function AS function, d.name AS department,
       p.kpis AS kpis, p.goals AS goals, p.pains AS pains, p.buying_power AS buying_power,
       p.preferred_channel AS channel,
       COLLECT {
         UNWIND scopes AS scope
         MATCH (other:Person)-[o:HAS_ROLE]->(scope)
         WHERE other <> p AND scope:Opportunity
         RETURN o.role
       } AS others
ORDER BY person_id, role
