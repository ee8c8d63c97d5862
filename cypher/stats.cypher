// Node counts per label and relationship counts per type (served by the count store).
RETURN {
  Company: COUNT { MATCH (:Company) },
  Department: COUNT { MATCH (:Department) },
  Person: COUNT { MATCH (:Person) },
  Colleague: COUNT { MATCH (:Colleague) },
  Product: COUNT { MATCH (:Product) },
  Opportunity: COUNT { MATCH (:Opportunity) },
  Interaction: COUNT { MATCH (:Interaction) }
} AS nodes, {
  SUBSIDIARY_OF: COUNT { MATCH ()-[:SUBSIDIARY_OF]->() },
  PART_OF: COUNT { MATCH ()-[:PART_OF]->() },
  SUB_UNIT_OF: COUNT { MATCH ()-[:SUB_UNIT_OF]->() },
  WORKS_AT: COUNT { MATCH ()-[:WORKS_AT]->() },
  MEMBER_OF: COUNT { MATCH ()-[:MEMBER_OF]->() },
  PREVIOUSLY_AT: COUNT { MATCH ()-[:PREVIOUSLY_AT]->() },
  REPORTS_TO: COUNT { MATCH ()-[:REPORTS_TO]->() },
  DOTTED_LINE_TO: COUNT { MATCH ()-[:DOTTED_LINE_TO]->() },
  INFLUENCES: COUNT { MATCH ()-[:INFLUENCES]->() },
  KNOWS: COUNT { MATCH ()-[:KNOWS]->() },
  ON_ACCOUNT_TEAM: COUNT { MATCH ()-[:ON_ACCOUNT_TEAM]->() },
  USES: COUNT { MATCH ()-[:USES]->() },
  FOR_ACCOUNT: COUNT { MATCH ()-[:FOR_ACCOUNT]->() },
  IN_DEPARTMENT: COUNT { MATCH ()-[:IN_DEPARTMENT]->() },
  FOR_PRODUCT: COUNT { MATCH ()-[:FOR_PRODUCT]->() },
  OWNED_BY: COUNT { MATCH ()-[:OWNED_BY]->() },
  HAS_ROLE: COUNT { MATCH ()-[:HAS_ROLE]->() },
  BY: COUNT { MATCH ()-[:BY]->() },
  WITH: COUNT { MATCH ()-[:WITH]->() },
  ABOUT: COUNT { MATCH ()-[:ABOUT]->() }
} AS relationships
