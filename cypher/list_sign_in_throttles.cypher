// The sign-in throttle state of the given keys (a user name, a client address); a key
// with no node has no failures counted and no lockout.
UNWIND $keys AS key
MATCH (t:SignInThrottle {key: key})
RETURN t.key AS key, t.failures AS failures, toString(t.window_start) AS window_start,
       toString(t.locked_until) AS locked_until
