// One batch of account team members: a colleague on an account's team, in a role. An
// account has one owner: a row in the role 'owner' ends the account's other owner's.
UNWIND $rows AS row
MATCH (c:Colleague {id: row.colleague_id})
MATCH (a:Company {id: row.company_id})
CALL (c, a, row) {
  MATCH (a)<-[old:ON_ACCOUNT_TEAM {role: 'owner'}]-(other:Colleague)
  WHERE row.role = 'owner' AND other <> c
  DELETE old
}
MERGE (c)-[t:ON_ACCOUNT_TEAM {role: row.role}]->(a)
SET t = row
