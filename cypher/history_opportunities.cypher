// Import history: the stage of each opportunity of these companies, one row per company
// (a list per opportunity: id, name, stage).
UNWIND $company_ids AS company_id
MATCH (o:Opportunity {company_id: company_id})
RETURN company_id, collect([o.id, o.name, o.stage]) AS rows
