// Keep the newest $keep history entries of each of these companies; delete the rest.
UNWIND $company_ids AS company_id
CALL (company_id) {
  MATCH (c:Change {company_id: company_id})
  WITH c ORDER BY c.date DESC, c.at DESC, c.n DESC
  SKIP $keep
  DELETE c
}
