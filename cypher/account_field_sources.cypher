// The interview answers and confirmations recorded for the accounts' companies and
// people, without their values; `current`: the field still holds the value recorded.
UNWIND $company_ids AS company_id
MATCH (c:Company {id: company_id})
RETURN company_id, COLLECT {
  CALL (c, company_id) {
    MATCH (c)<-[:DESCRIBES]-(s:FieldSource)
    RETURN c AS t, s
    UNION
    MATCH (p:Person {company_id: company_id})<-[:DESCRIBES]-(s:FieldSource)
    RETURN p AS t, s
  }
  RETURN s {.target, .target_id, .field, .source, .kind, .date,
            current: coalesce(t[s.field] = s.value, false)}
    ORDER BY s.target, s.target_id, s.field, s.recorded_at, s.id
} AS rows
