// The portfolio's change counter and the as-of date and shape for which every account's
// summary was last found stored (null: never, or not since the last change).
OPTIONAL MATCH (p:PortfolioState {id: 'portfolio'})
RETURN coalesce(p.generation, 0) AS generation, p.fresh_generation AS fresh_generation,
       p.fresh_as_of AS as_of, p.fresh_version AS version
