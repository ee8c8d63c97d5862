// Add an API token of a user, unless the name is taken (nodes_created tells which). Only
// the token's SHA-256 hash is stored; user_created ties it to this user, so a user added
// again later under the same name does not inherit it.
MATCH (u:User {username: $username})
MERGE (t:ApiToken {name: $token_name})
ON CREATE SET t.token_hash = $token_hash, t.username = u.username,
              t.user_created = u.created, t.created = datetime($created)
