// Record answers or confirmations of one company's or person's fields: per row, set the
// answered field (row.assign is {field: value}, {} for a confirmation), then keep one
// :FieldSource node with the value the field holds, DESCRIBES the company or person.
// A row whose field is empty records nothing. Returns the ids recorded.
CALL () {
  MATCH (t:Company {id: $target_id}) WHERE $target = 'company' RETURN t
  UNION
  MATCH (t:Person {id: $target_id}) WHERE $target = 'person' RETURN t
}
UNWIND $rows AS row
SET t += row.assign
WITH t, row
WHERE t[row.field] IS NOT NULL
MERGE (t)<-[:DESCRIBES]-(s:FieldSource {id: row.id})
SET s += row.record, s.value = t[row.field]
RETURN s.id AS id
