// Summaries of another as-of date or shape are being stored over some accounts: the
// record that every summary is stored for the old date no longer holds.
MATCH (p:PortfolioState {id: 'portfolio'})
WHERE p.fresh_as_of <> $as_of OR p.fresh_version <> $version
SET p.fresh_generation = null
