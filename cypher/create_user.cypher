// Add a web user unless the username is taken (nodes_created tells which); a session
// version of its own, so no session of an earlier user of that name carries over.
MERGE (u:User {username: $username})
ON CREATE SET u.password_hash = $password_hash, u.role = $role, u.created = datetime($created),
              u.session_version = $session_version
