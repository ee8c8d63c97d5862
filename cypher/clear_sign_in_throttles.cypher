// Forget the given keys' failed sign-ins and lift their lockouts (after a sign-in that
// succeeds, or an admin's unlock); says which keys were locked.
UNWIND $keys AS key
MATCH (t:SignInThrottle {key: key})
WITH t, key, coalesce(t.locked_until > datetime($now), false) AS was_locked
DETACH DELETE t
RETURN key, was_locked
