// The managers above a person, nearest first (each once, even across a stored loop).
MATCH path = (:Person {id: $person_id})-[:REPORTS_TO*1..]->(manager:Person)
WITH manager, min(length(path)) AS depth
RETURN manager.id AS id
ORDER BY depth
