// Every API token (never its hash), by name; active is false once its user is gone.
MATCH (t:ApiToken)
RETURN t.name AS name, t.username AS user, toString(t.created) AS created,
       toString(t.last_used) AS last_used,
       EXISTS { MATCH (u:User {username: t.username}) WHERE u.created = t.user_created }
         AS active
ORDER BY t.name
