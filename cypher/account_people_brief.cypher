// The accounts' people, only the fields the analytics use (no personal profile).
// The date travels as ISO text: parsed by the record model, cheaper than a Bolt date.
UNWIND $company_ids AS company_id
RETURN company_id, COLLECT {
  MATCH (p:Person {company_id: company_id})
  RETURN p {.id, .company_id, .name, .department_id, .reports_to, .seniority, .function,
            .title, .dotted_line_to, .placeholder,
            last_verified: toString(p.last_verified)}
  ORDER BY p.id
} AS rows
