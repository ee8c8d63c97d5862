// A write forgot some summaries: count the change, so "every summary is stored" no longer
// holds (run in the transaction that forgets them).
MERGE (p:PortfolioState {id: 'portfolio'})
SET p.generation = coalesce(p.generation, 0) + 1
