// The portfolio's change counter, created at 0 the first time a page needs it (before the
// counter is read, so a write from then on always counts).
MERGE (p:PortfolioState {id: 'portfolio'})
ON CREATE SET p.generation = 0
