// Erase what was recorded about a person's fields (interview answers, confirmations,
// with the values and answers they keep): personal data, gone with the person's.
MATCH (:Person {id: $person_id})<-[:DESCRIBES]-(s:FieldSource)
DETACH DELETE s
