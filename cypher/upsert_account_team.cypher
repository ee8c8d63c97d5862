// One batch of account team members: a colleague on an account's team, in a role.
UNWIND $rows AS row
MATCH (c:Colleague {id: row.colleague_id})
MATCH (a:Company {id: row.company_id})
MERGE (c)-[t:ON_ACCOUNT_TEAM {role: row.role}]->(a)
SET t = row
