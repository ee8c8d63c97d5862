// One web user with the password hash, for signing in, and the session version their
// sessions must carry.
MATCH (u:User {username: $username})
RETURN u.username AS username, u.password_hash AS password_hash, u.role AS role,
       toString(u.created) AS created, coalesce(u.session_version, '') AS session_version
