// How well a colleague knows a person, if recorded.
MATCH (:Colleague {id: $colleague_id})-[r:KNOWS]->(:Person {id: $person_id})
RETURN properties(r) AS props
