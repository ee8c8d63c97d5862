// What the store holds: nodes per label ('' for a node without one), for the first load
// offline, which replaces the whole database and so only goes into an empty one.
MATCH (n)
UNWIND CASE labels(n) WHEN [] THEN [''] ELSE labels(n) END AS label
RETURN label, count(*) AS nodes
ORDER BY label
