// Count one failed sign-in against each key ({key, limit}). A key's count starts again
// when its window is over; at its limit the key is locked, each lockout that follows
// within $memory_seconds of the last one twice as long (at most $max_lock_seconds).
UNWIND $keys AS k
MERGE (t:SignInThrottle {key: k.key})
// Writing first takes the node's write lock: two workers counting at once both count.
SET t.touched = datetime($now)
WITH t, k, datetime($now) AS now
WITH t, k, now,
     CASE WHEN t.window_start IS NULL
               OR t.window_start + duration({seconds: $window_seconds}) <= now
          THEN 1 ELSE coalesce(t.failures, 0) + 1 END AS failures,
     CASE WHEN t.locked_until IS NOT NULL
               AND t.locked_until + duration({seconds: $memory_seconds}) > now
          THEN coalesce(t.lockouts, 0) ELSE 0 END AS lockouts
WITH t, k, now, failures, lockouts, failures >= k.limit AS locks,
     toInteger(CASE WHEN $lock_seconds * 2.0 ^ lockouts > $max_lock_seconds
                    THEN $max_lock_seconds
                    ELSE $lock_seconds * 2.0 ^ lockouts END) AS lock_for
SET t.failures = CASE WHEN locks THEN 0 ELSE failures END,
    t.window_start = CASE WHEN locks THEN null WHEN failures = 1 THEN now
                          ELSE t.window_start END,
    t.lockouts = CASE WHEN locks THEN lockouts + 1 ELSE lockouts END,
    t.locked_until = CASE WHEN locks THEN now + duration({seconds: lock_for})
                          ELSE t.locked_until END
RETURN t.key AS key, failures, locks AS locked,
       CASE WHEN locks THEN lock_for ELSE 0 END AS lock_seconds
