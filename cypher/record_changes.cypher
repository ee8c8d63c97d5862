// Append import history entries; `before` and `after` are JSON text (or null).
WITH date($date) AS day, datetime($at) AS at
UNWIND $changes AS change
CREATE (:Change {
  company_id: change.company_id, date: day, at: at, n: change.n,
  kind: change.kind, record_id: change.record_id, person_id: change.person_id,
  before: change.before, after: change.after
})
