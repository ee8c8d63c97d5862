// A company ($target 'company') or a person ('person') whose profile fields are
// answered or confirmed: its properties, if stored.
CALL () {
  MATCH (t:Company {id: $target_id}) WHERE $target = 'company' RETURN t
  UNION
  MATCH (t:Person {id: $target_id}) WHERE $target = 'person' RETURN t
}
RETURN properties(t) AS props
