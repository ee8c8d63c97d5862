// The account's people, only the fields the analytics use (no personal profile).
MATCH (p:Person {company_id: $company_id})
RETURN p {.id, .company_id, .name, .department_id, .reports_to, .seniority, .function,
          .title, .last_verified} AS props
ORDER BY p.id
