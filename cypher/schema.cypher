// Uniqueness on every id and indexes for the look-ups the store makes.
// Applied on every start; IF NOT EXISTS keeps it idempotent.
CREATE CONSTRAINT company_id IF NOT EXISTS FOR (n:Company) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT department_id IF NOT EXISTS FOR (n:Department) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT colleague_id IF NOT EXISTS FOR (n:Colleague) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT product_id IF NOT EXISTS FOR (n:Product) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT opportunity_id IF NOT EXISTS FOR (n:Opportunity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT interaction_id IF NOT EXISTS FOR (n:Interaction) REQUIRE n.id IS UNIQUE;
CREATE INDEX department_company IF NOT EXISTS FOR (n:Department) ON (n.company_id);
CREATE INDEX person_company IF NOT EXISTS FOR (n:Person) ON (n.company_id);
CREATE INDEX person_department IF NOT EXISTS FOR (n:Person) ON (n.department_id);
CREATE INDEX opportunity_company IF NOT EXISTS FOR (n:Opportunity) ON (n.company_id);
CREATE INDEX interaction_person IF NOT EXISTS FOR (n:Interaction) ON (n.person_id);
CREATE INDEX interaction_date IF NOT EXISTS FOR (n:Interaction) ON (n.date);
CREATE INDEX company_industry IF NOT EXISTS FOR (n:Company) ON (n.industry);
CREATE INDEX audit_at IF NOT EXISTS FOR (n:AuditEntry) ON (n.at);
CREATE INDEX audit_target IF NOT EXISTS FOR (n:AuditEntry) ON (n.target_id);
CREATE CONSTRAINT user_username IF NOT EXISTS FOR (n:User) REQUIRE n.username IS UNIQUE;
CREATE CONSTRAINT account_summary_id IF NOT EXISTS FOR (n:AccountSummary) REQUIRE n.id IS UNIQUE;
CREATE INDEX cross_sell_company IF NOT EXISTS FOR (n:CrossSellCell) ON (n.company_id);
CREATE INDEX cross_sell_score IF NOT EXISTS FOR (n:CrossSellCell) ON (n.score);
CREATE CONSTRAINT portfolio_state_id IF NOT EXISTS FOR (n:PortfolioState) REQUIRE n.id IS UNIQUE;
CREATE INDEX change_company IF NOT EXISTS FOR (n:Change) ON (n.company_id);
CREATE INDEX change_kind IF NOT EXISTS FOR (n:Change) ON (n.kind);
CREATE INDEX change_person IF NOT EXISTS FOR (n:Change) ON (n.person_id);
CREATE CONSTRAINT api_token_name IF NOT EXISTS FOR (n:ApiToken) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT api_token_hash IF NOT EXISTS FOR (n:ApiToken) REQUIRE n.token_hash IS UNIQUE;
