// A user's new password hash and session version: sessions signed in with the old
// version stop at their next request.
MATCH (u:User {username: $username})
SET u.password_hash = $password_hash, u.session_version = $session_version,
    u.password_changed = datetime($changed)
RETURN u.username AS username
