// The accounts themselves (one or many: the portfolio loads accounts in chunks).
// Every account_* statement returns one row per account: company_id, rows.
UNWIND $company_ids AS company_id
MATCH (c:Company {id: company_id})
RETURN company_id, [properties(c)] AS rows
