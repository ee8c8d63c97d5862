// The change counter (at 0 the first time) and its node's token, made when missing, so
// every later write counts on a node a read cache can watch.
MERGE (p:PortfolioState {id: 'portfolio'})
ON CREATE SET p.generation = 0
SET p.cache_epoch = coalesce(p.cache_epoch, randomUUID())
RETURN p.generation AS generation, p.cache_epoch AS epoch
