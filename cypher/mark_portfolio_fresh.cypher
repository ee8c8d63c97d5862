// Every account's summary is stored for $as_of and $version, as of change $generation;
// written only if no write forgot anything since (the counter is still $generation).
MERGE (p:PortfolioState {id: 'portfolio'})
WITH p
WHERE coalesce(p.generation, 0) = $generation
SET p.fresh_generation = $generation, p.fresh_as_of = $as_of, p.fresh_version = $version
