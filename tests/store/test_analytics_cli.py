"""The analytics commands through the CLI, on the demo portfolio in the real Neo4j."""

from __future__ import annotations

import json
import math

import pytest
from click.testing import CliRunner

from graphprofile.cli import main
from graphprofile.services import import_bundle

AS_OF = "2026-11-23"  # the demo's "today": its scenarios are written against it


@pytest.fixture
def demo(store, demo_bundle, cli_env):
    import_bundle(store, demo_bundle)
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> dict:
        result = runner.invoke(main, [*args, "--json"], env=cli_env)
        assert result.exit_code == code, result.output
        return json.loads(result.output)

    return run


def test_gaps_find_the_demo_scenarios(demo):
    data = demo("gaps", "--as-of", AS_OF)
    assert data["as_of"] == AS_OF
    companies = {c["company_id"]: c for c in data["companies"]}
    # Accounts are companies with people: orbis is only a previous employer.
    assert sorted(companies) == ["cloudnest", "ferrox", "hartwell", "hartwell-am", "mediva",
                                 "meridian", "transvia"]
    single = sorted(cid for cid, c in companies.items() if c["single_threaded"])
    assert single == ["cloudnest", "hartwell-am"]
    assert companies["mediva"]["single_rep"] and companies["mediva"]["colleagues"] == ["c-tomas"]
    assert "transvia-p-002" in companies["transvia"]["unknown_decision_makers"]
    for c in companies.values():
        assert c["no_one_mapped"] is False  # every demo account has people
        assert set(c) == {"company_id", "no_one_mapped", "engaged_contacts", "colleagues",
                          "single_threaded",
                          "single_rep", "influence_coverage", "uncovered_departments",
                          "unknown_decision_makers", "stale_people"}
        for key in ("engaged_contacts", "colleagues", "uncovered_departments",
                    "unknown_decision_makers", "stale_people"):
            assert c[key] == sorted(c[key])
        assert 0.0 <= c["influence_coverage"] <= 1.0
        assert c["single_threaded"] == (len(c["engaged_contacts"]) <= 1)


def test_gaps_for_one_company_equal_the_portfolio_row(demo):
    one = demo("gaps", "--company", "ferrox", "--as-of", AS_OF)
    every = demo("gaps", "--as-of", AS_OF)
    assert one["companies"] == [c for c in every["companies"] if c["company_id"] == "ferrox"]


def test_rep_risk_of_the_rep_who_holds_mediva(demo):
    data = demo("rep-risk", "c-tomas", "--as-of", AS_OF)
    assert data["colleague_id"] == "c-tomas"
    assert data["dark"] == ["mediva"]
    assert "mediva" not in data["weakened"]


def test_warm_paths_reach_the_unknown_decision_maker(demo):
    data = demo("path", "transvia-p-002")
    assert data["target"] == "transvia-p-002"
    paths = data["paths"]
    assert paths, "the CFO is reachable through her colleagues"
    scores = [p["score"] for p in paths]
    assert scores == sorted(scores, reverse=True)
    for path in paths:
        assert path["nodes"][0].startswith("c-") and path["nodes"][-1] == "transvia-p-002"
        assert 0 < path["score"] <= 1
    only = demo("path", "transvia-p-002", "--from", paths[0]["nodes"][0])
    assert {p["nodes"][0] for p in only["paths"]} == {paths[0]["nodes"][0]}


def test_influence_ranks_the_ceo_first(demo):
    data = demo("influence", "hartwell")
    people = data["people"]
    assert data["company_id"] == "hartwell"
    assert people[0] == {"person_id": "hartwell-p-001", "score": 1.0, "rank": 1}
    assert [p["rank"] for p in people] == list(range(1, len(people) + 1))
    assert all(0 <= p["score"] <= 1 for p in people)


def test_whitespace_grid_statuses(demo):
    data = demo("whitespace", "hartwell", "--as-of", AS_OF)
    cells = {(c["department_id"], c["product_id"]): c for c in data["cells"]}
    assert cells["hartwell-d-risk", "prod-sec"]["status"] == "whitespace"
    assert {c["status"] for c in data["cells"]} >= {"ours", "competitor", "whitespace"}
    for cell in data["cells"]:
        assert set(cell) == {"department_id", "product_id", "status", "score", "reason",
                             "decision_maker_id", "decision_maker", "decision_maker_basis",
                             "warm_path", "warm_path_names", "warm_path_score"}
        if cell["status"] == "ours":
            assert cell["score"] is None
        else:
            assert 0 <= cell["score"] <= 1 and cell["reason"]
    departments = {c["department_id"] for c in data["cells"]}
    products = {c["product_id"] for c in data["cells"]}
    assert len(data["cells"]) == len(departments) * len(products)


def test_audit_flags_the_incomplete_profile(demo):
    data = demo("audit", "cloudnest", "--as-of", AS_OF)
    assert list(data["answers"]) == ["industry", "classification", "roles", "lead_source",
                                     "follow_ups", "procurement_progress", "communications",
                                     "cross_records"]
    assert data["answers"]["industry"] is False and data["answers"]["follow_ups"] is False
    assert data["score"] == sum(data["answers"].values())
    assert len(data["missing"]) == 8 - data["score"]
    full = demo("audit", "hartwell", "--as-of", AS_OF)
    assert full["score"] > data["score"]


@pytest.mark.parametrize("args", [
    ("influence", "nope"), ("gaps", "--company", "nope"), ("rep-risk", "nope"),
    ("path", "nope"), ("path", "transvia-p-002", "--from", "nope"), ("whitespace", "nope"),
    ("audit", "nope"), ("gaps", "--as-of", "yesterday"),
])
def test_unknown_ids_and_bad_dates_exit_1(demo, args):
    data = demo(*args, code=1)
    assert data["error"]


def test_as_of_changes_engagement(demo):
    """Interactions older than the window stop counting: engagement can only shrink."""
    now = demo("gaps", "--company", "hartwell", "--as-of", AS_OF)["companies"][0]
    later = demo("gaps", "--company", "hartwell", "--as-of", "2028-01-01")["companies"][0]
    assert set(later["engaged_contacts"]) <= set(now["engaged_contacts"])
    assert not math.isnan(later["influence_coverage"])


def test_reporting_loop_in_stored_data_is_reported_not_crashed(store, cli_env):
    """Data written around the importer may hold a loop: influence still answers."""
    store.write_tx(lambda tx: tx.run(
        "CREATE (c:Company {id: 'loopco', name: 'Loop Co', industry: 'x'}) "
        "CREATE (a:Person {id: 'a', company_id: 'loopco', name: 'A'})-[:WORKS_AT]->(c) "
        "CREATE (b:Person {id: 'b', company_id: 'loopco', name: 'B', reports_to: 'a'})"
        "-[:WORKS_AT]->(c) "
        "SET a.reports_to = 'b' "
        "CREATE (a)-[:REPORTS_TO]->(b), (b)-[:REPORTS_TO]->(a)").consume())
    result = CliRunner().invoke(main, ["influence", "loopco", "--json"], env=cli_env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert sorted(p["person_id"] for p in data["people"]) == ["a", "b"]
    assert [sorted(loop) for loop in data["reporting_loops"]] == [["a", "b"]]


def test_account_report_equals_the_three_separate_questions(store, demo_bundle):
    from datetime import date

    from graphprofile import services

    import_bundle(store, demo_bundle)
    as_of = date(2026, 11, 23)
    for company in ("hartwell", "cloudnest"):
        report = services.account_report(store, company, as_of=as_of)
        assert report["influence"] == services.influence(store, company)["people"]
        assert report["gaps"] == services.gaps(store, company, as_of=as_of)["companies"][0]
        assert report["whitespace"] == services.whitespace(store, company, as_of=as_of)["cells"]
