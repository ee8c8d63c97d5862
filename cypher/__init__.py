"""Every Cypher statement, one per file: the package graphprofile.queries."""
