// Append one entry to the audit log: who did what to which record, and when.
CREATE (e:AuditEntry {
  at: datetime($at), actor: $actor, action: $action,
  target_kind: $target_kind, target_id: $target_id, detail: $detail
})
