// What the ideal customer profile compares, one row per company in id order: its
// stored properties, its deals, our active products' yearly value, its support load,
// its products in use (ours and others') and the buying committee of each won deal.
MATCH (c:Company)
RETURN c.id AS id, properties(c) AS props,
       COLLECT {
         MATCH (o:Opportunity)-[:FOR_ACCOUNT]->(c)
         RETURN {stage: o.stage, amount: o.amount, created: o.created, closed: o.closed,
                 committee: COUNT { (:Person)-[:HAS_ROLE]->(o) }}
       } AS deals,
       COLLECT {
         MATCH (c)<-[:PART_OF]-(:Department)-[u:USES]->(p:Product)
         RETURN {vendor: u.vendor, status: u.status, annual_value: u.annual_value,
                 category: p.category}
       } AS deployments,
       COUNT {
         MATCH (c)<-[:WORKS_AT]-(:Person)<-[:WITH]-(i:Interaction)
         WHERE i.type = 'support'
       } AS support,
       COUNT { (c)<-[:WORKS_AT]-(:Person) } AS people
ORDER BY id
