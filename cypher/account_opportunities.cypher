// The accounts' opportunities.
// Dates travel as ISO text: parsed by the record model, cheaper than Bolt dates.
UNWIND $company_ids AS company_id
RETURN company_id, COLLECT {
  MATCH (o:Opportunity {company_id: company_id})
  RETURN o {.*, created: toString(o.created), expected_close: toString(o.expected_close),
            closed: toString(o.closed)} ORDER BY o.id
} AS rows
