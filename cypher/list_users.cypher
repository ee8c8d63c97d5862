// Every web user (never the password hash), by username.
MATCH (u:User)
RETURN u.username AS username, u.role AS role, toString(u.created) AS created
ORDER BY u.username
