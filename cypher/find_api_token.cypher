// The token of this hash with the user it signs in, while both exist (a removed user's
// tokens find nothing).
MATCH (t:ApiToken {token_hash: $token_hash})
MATCH (u:User {username: t.username})
WHERE u.created = t.user_created
RETURN t.name AS name, u.username AS username, u.role AS role,
       toString(t.last_used) AS last_used
