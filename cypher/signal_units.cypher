// The departments of these companies (name, function) with the products in use in
// each (vendor, status, licences).
UNWIND $company_ids AS company_id
MATCH (d:Department {company_id: company_id})
RETURN d.id AS id, d.company_id AS company_id, d.name AS name, d.function AS function,
       COLLECT {
         MATCH (d)-[u:USES]->(p:Product)
         RETURN {product_id: p.id, vendor: u.vendor, status: u.status, licences: u.licences}
       } AS deployments
