// Take the write lock on a person (a write that leaves no trace) and read it, so a
// concurrent editor's transaction waits until this one commits.
MATCH (p:Person {id: $person_id})
SET p.`_lock` = true
REMOVE p.`_lock`
RETURN properties(p) AS props
