// One page of Department nodes for the GraphML export, in id order (keyset paging: after the
// last id of the previous page), each with its outgoing relationships to graph nodes.
MATCH (n:Department)
WHERE n.id > $after
WITH n ORDER BY n.id LIMIT $limit
RETURN n.id AS key, properties(n) AS props, COLLECT {
  MATCH (n)-[r]->(m:Company|Department|Person|Colleague|Product|Opportunity|Interaction)
  RETURN {type: type(r), label: labels(m)[0], id: m.id, props: properties(r)} AS out
  ORDER BY out.type, out.label, out.id, out.props.role
} AS out
ORDER BY key
