// One page of stored account summaries (as-of date and shape given), filtered, sorted and
// counted on the server. Filters are null when not asked for; $needle is lower-case.
// $sort names one of the keys below (the caller checks it against its own list); ties
// fall to the account id, in the same direction as the key.
MATCH (s:AccountSummary)
WHERE s.as_of = $as_of AND s.version = $version
  AND ($strategic_class IS NULL OR s.strategic_class = $strategic_class)
  AND ($flag IS NULL
       OR ($flag = 'single_threaded' AND s.single_threaded)
       OR ($flag = 'single_rep' AND s.single_rep)
       OR ($flag = 'no_one_mapped' AND s.no_one_mapped)
       OR ($flag = 'at_risk' AND (s.single_threaded OR s.single_rep OR s.no_one_mapped)))
  AND ($needle IS NULL
       OR toLower(s.id) CONTAINS $needle OR toLower(s.name) CONTAINS $needle
       OR toLower(s.industry) CONTAINS $needle
       OR toLower(coalesce(s.region, '')) CONTAINS $needle)
WITH collect(s) AS matched
// The page: only the rows from $skip on are kept while sorting (a top-k, not a full sort).
CALL (matched) {
  UNWIND matched AS s
  WITH s, CASE $sort
    WHEN 'name' THEN [toLower(s.name), s.id]
    WHEN 'class' THEN [s.strategic_class, s.id]
    WHEN 'engaged' THEN [s.engaged, s.id]
    WHEN 'coverage' THEN [s.influence_coverage, s.id]
    WHEN 'open' THEN [s.open_opportunities, s.open_amount, s.id]
    WHEN 'whitespace' THEN [s.whitespace, s.id]
    WHEN 'last_touch' THEN [coalesce(s.last_touch, date('0001-01-01')), s.id]
    WHEN 'audit' THEN [s.audit_score, s.id]
    // The gaps page: accounts with no one mapped first, then by id.
    WHEN 'gaps' THEN [CASE WHEN s.no_one_mapped THEN 0 ELSE 1 END, s.id]
    ELSE [s.id]
  END AS key
  // One of the two keys is null on every row: the other one orders them.
  ORDER BY CASE WHEN $desc THEN null ELSE key END ASC,
           CASE WHEN $desc THEN key ELSE null END DESC
  SKIP $skip LIMIT $limit
  RETURN collect(properties(s)) AS rows
}
// Per influence-coverage band (the last one closed at 1.0): how many, and the first ids.
CALL (matched) {
  UNWIND matched AS s
  WITH s.id AS id, s.influence_coverage AS coverage
  ORDER BY id
  WITH id, [i IN range(0, size($bands) - 1)
            WHERE $bands[i][0] <= coverage < $bands[i][1]
               OR ($bands[i][1] >= 1.0 AND coverage >= 1.0)][0] AS band
  WITH band, count(*) AS n, collect(id)[0..$band_ids] AS ids
  RETURN collect({band: band, count: n, ids: ids}) AS counted
}
RETURN size(matched) AS total, rows, counted
