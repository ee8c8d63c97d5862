// Revoke an API token: its node goes, so the token finds no user from now on.
MATCH (t:ApiToken {name: $token_name})
DELETE t
