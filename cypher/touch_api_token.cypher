// Note the day an API token was used, at most one write a day (properties_set says
// whether this was the day's first use).
MATCH (t:ApiToken {name: $token_name})
WHERE t.last_used IS NULL OR t.last_used < date($today)
SET t.last_used = date($today)
