// How well a colleague knows a person (strength 1-5, last contact).
UNWIND $rows AS row
MATCH (c:Colleague {id: row.colleague_id})
MATCH (p:Person {id: row.person_id})
MERGE (c)-[r:KNOWS]->(p)
SET r = row
