// The answers and confirmations recorded for one company or person, oldest first;
// `current`: the field still holds the value recorded.
CALL () {
  MATCH (t:Company {id: $target_id}) WHERE $target = 'company' RETURN t
  UNION
  MATCH (t:Person {id: $target_id}) WHERE $target = 'person' RETURN t
}
MATCH (t)<-[:DESCRIBES]-(s:FieldSource)
RETURN properties(s) AS props, coalesce(t[s.field] = s.value, false) AS current
ORDER BY s.recorded_at, s.id
