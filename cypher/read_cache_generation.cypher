// What a process's read cache is valid for: the portfolio's change counter (every write
// that forgets summaries counts one) and the token of this counter node (a new one when
// the node was deleted with everything else and made again). Null: not made yet.
OPTIONAL MATCH (p:PortfolioState {id: 'portfolio'})
RETURN p.generation AS generation, p.cache_epoch AS epoch
