// Products in use in the accounts' departments, ours and competitors'.
UNWIND $company_ids AS company_id
RETURN company_id, COLLECT {
  MATCH (:Department {company_id: company_id})-[u:USES]->(:Product)
  RETURN properties(u) ORDER BY u.department_id, u.product_id, u.vendor
} AS rows
