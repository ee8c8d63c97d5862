// The whole product catalogue.
MATCH (p:Product)
RETURN properties(p) AS props
ORDER BY p.id
