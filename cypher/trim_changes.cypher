// Keep the newest $keep history entries of each of these companies; delete the rest
// (ordered only where there are more than that).
UNWIND $company_ids AS company_id
CALL (company_id) {
  MATCH (c:Change {company_id: company_id})
  WITH count(c) AS entries
  WHERE entries > $keep
  MATCH (c:Change {company_id: company_id})
  WITH c ORDER BY c.date DESC, c.at DESC, c.n DESC
  SKIP $keep
  DELETE c
}
