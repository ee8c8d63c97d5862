// Delete one web user.
MATCH (u:User {username: $username})
DELETE u
