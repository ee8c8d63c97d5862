// Delete up to $limit throttle keys untouched since $before whose lockout is over:
// they count nothing any more (names tried once by a guessing run, say).
MATCH (t:SignInThrottle)
WHERE t.touched < datetime($before)
  AND (t.locked_until IS NULL OR t.locked_until <= datetime($now))
WITH t LIMIT $limit
DELETE t
