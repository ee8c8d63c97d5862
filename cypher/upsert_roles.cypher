// A buying role: to the opportunity it is for, or to the company when account-wide.
UNWIND $rows AS row
MATCH (p:Person {id: row.person_id})
MATCH (c:Company {id: p.company_id})
OPTIONAL MATCH (o:Opportunity {id: row.opportunity_id})
WITH p, row, coalesce(o, c) AS scope
MERGE (p)-[r:HAS_ROLE {role: row.role}]->(scope)
SET r = row
