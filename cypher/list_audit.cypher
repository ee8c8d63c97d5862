// The audit log, newest first, optionally for one target.
MATCH (e:AuditEntry)
WHERE $target_id IS NULL OR e.target_id = $target_id
RETURN toString(e.at) AS at, e.actor AS actor, e.action AS action,
       e.target_kind AS target_kind, e.target_id AS target_id, e.detail AS detail
ORDER BY e.at DESC, e.action, e.target_id
LIMIT $limit
