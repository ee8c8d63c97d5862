"""The managed Neo4j's Java launcher (pom.xml, src/), installed as graphprofile.launcher."""
