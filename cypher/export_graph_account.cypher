// The nodes of one account for the GraphML export, each with its outgoing relationships:
// the company, its departments, people and opportunities, the interactions with its
// people, and the colleagues and products they point at (the caller keeps only the
// relationships between these nodes). No row when the company is not stored.
MATCH (c:Company {id: $company_id})
CALL (c) {
  RETURN c AS n
  UNION
  MATCH (n:Department {company_id: c.id}) RETURN n
  UNION
  MATCH (n:Person {company_id: c.id}) RETURN n
  UNION
  MATCH (n:Opportunity {company_id: c.id}) RETURN n
  UNION
  MATCH (n:Interaction)-[:WITH]->(:Person {company_id: c.id}) RETURN n
  UNION
  MATCH (:Person {company_id: c.id})<-[:KNOWS]-(n:Colleague) RETURN n
  UNION
  MATCH (:Person {company_id: c.id})<-[:WITH]-(:Interaction)-[:BY]->(n:Colleague) RETURN n
  UNION
  MATCH (:Opportunity {company_id: c.id})-[:OWNED_BY]->(n:Colleague) RETURN n
  UNION
  MATCH (c)<-[:ON_ACCOUNT_TEAM]-(n:Colleague) RETURN n
  UNION
  MATCH (:Department {company_id: c.id})-[:USES]->(n:Product) RETURN n
  UNION
  MATCH (:Opportunity {company_id: c.id})-[:FOR_PRODUCT]->(n:Product) RETURN n
}
RETURN labels(n)[0] AS label, n.id AS key, properties(n) AS props, COLLECT {
  MATCH (n)-[r]->(m:Company|Department|Person|Colleague|Product|Opportunity|Interaction)
  RETURN {type: type(r), label: labels(m)[0], id: m.id, props: properties(r)} AS out
  ORDER BY out.type, out.label, out.id, out.props.role
} AS out
ORDER BY label, key
