// Wait (up to $seconds) until every index and constraint is online: after the first load
// offline they are built over the loaded data.
CALL db.awaitIndexes($seconds)
