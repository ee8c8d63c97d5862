// Add a web user unless the username is taken (nodes_created tells which).
MERGE (u:User {username: $username})
ON CREATE SET u.password_hash = $password_hash, u.role = $role, u.created = datetime($created)
