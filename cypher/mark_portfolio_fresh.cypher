// Every account's summary is stored for $as_of and $version, as of change $generation;
// written only if no write forgot anything since (the counter is still $generation).
MATCH (p:PortfolioState {id: 'portfolio'})
WHERE p.generation = $generation
SET p.fresh_generation = $generation, p.fresh_as_of = $as_of, p.fresh_version = $version
