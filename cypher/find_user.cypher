// One web user with the password hash, for signing in.
MATCH (u:User {username: $username})
RETURN u.username AS username, u.password_hash AS password_hash, u.role AS role,
       toString(u.created) AS created
