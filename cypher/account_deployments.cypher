// Products in use in the account's departments, ours and competitors'.
MATCH (:Department {company_id: $company_id})-[u:USES]->(:Product)
RETURN properties(u) AS props
ORDER BY u.department_id, u.product_id, u.vendor
