// The portfolio's change counter (null: no page has asked yet) and the as-of date and
// shape for which every account's summary was last found stored (null: never, or not
// since the last change).
OPTIONAL MATCH (p:PortfolioState {id: 'portfolio'})
RETURN p.generation AS generation, p.fresh_generation AS fresh_generation,
       p.fresh_as_of AS as_of, p.fresh_version AS version
