"""The analytics against the scenarios of fixtures/demo/README.md (CSV → snapshot, no store)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from graphprofile.analytics import audit, gaps, influence, rep_risk, warm_paths, whitespace
from graphprofile.graph import account_graph
from graphprofile.models import SPECS, AccountSnapshot

DEMO = Path(__file__).resolve().parents[2] / "fixtures" / "demo"
TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def records() -> dict[str, list]:
    out = {}
    for name, spec in SPECS.items():
        with open(DEMO / spec.filename, newline="", encoding="utf-8") as fh:
            # empty cells are left out: a blank list column would fail validation
            out[name] = [spec.model(**{k: v for k, v in row.items() if v})
                         for row in csv.DictReader(fh)]
    return out


def snapshot(records: dict[str, list], company_id: str) -> AccountSnapshot:
    company = next(c for c in records["companies"] if c.id == company_id)
    departments = [d for d in records["departments"] if d.company_id == company_id]
    people = [p for p in records["people"] if p.company_id == company_id]
    pids = {p.id for p in people}
    dids = {d.id for d in departments}
    opps = [o for o in records["opportunities"] if o.company_id == company_id]
    rels = [r for r in records["relationships"] if r.person_id in pids]
    acts = [i for i in records["interactions"] if i.person_id in pids]
    cids = ({r.colleague_id for r in rels} | {i.colleague_id for i in acts}
            | {o.owner_id for o in opps})
    return AccountSnapshot(
        company=company, departments=departments, people=people,
        influence=[i for i in records["influence"] if i.source_id in pids or i.target_id in pids],
        colleagues=[c for c in records["colleagues"] if c.id in cids],
        relationships=rels, products=records["products"],
        deployments=[d for d in records["deployments"] if d.department_id in dids],
        opportunities=opps, roles=[r for r in records["roles"] if r.person_id in pids],
        interactions=acts)


def graph(records, company_id):
    return account_graph(snapshot(records, company_id))


def test_single_threaded_accounts(records):
    threaded = {cid for cid in ("hartwell", "hartwell-am", "ferrox", "meridian", "mediva",
                                "transvia", "cloudnest")
                if gaps(graph(records, cid), as_of=TODAY)["single_threaded"]}
    assert threaded == {"hartwell-am", "cloudnest"}
    assert gaps(graph(records, "hartwell-am"), as_of=TODAY)["engaged_contacts"] == [
        "hartwell-am-p-002"]


def test_unknown_decision_maker_at_transvia(records):
    result = gaps(graph(records, "transvia"), as_of=TODAY)
    assert result["unknown_decision_makers"] == ["transvia-p-002"]
    assert "transvia-p-002" in result["stale_people"]
    assert warm_paths(graph(records, "transvia"), "transvia-p-002")  # reachable via others


def test_tomas_leaving_darkens_mediva(records):
    risk = rep_risk(graph(records, "mediva"), "c-tomas", as_of=TODAY)
    assert risk["dark"] is True
    assert rep_risk(graph(records, "hartwell"), "c-aiko", as_of=TODAY)["dark"] is False


def test_audit_gaps_of_cloudnest_and_mediva(records):
    answers = audit(graph(records, "cloudnest"), as_of=TODAY)["answers"]
    # The README counts cloudnest's lone "lead" opportunity as progress recorded (Q6); the
    # audit's rule needs a stage beyond lead (or a closed deal), so Q6 is missing too.
    assert [k for k, ok in answers.items() if not ok] == [
        "industry", "classification", "lead_source", "follow_ups", "procurement_progress",
        "communications", "cross_records"]
    assert answers["roles"] is True
    assert audit(graph(records, "mediva"), as_of=TODAY)["answers"]["cross_records"] is False


def test_whitespace_and_competitor_cells_of_hartwell(records):
    cells = {(c["department_id"], c["product_id"]): c
             for c in whitespace(graph(records, "hartwell"), as_of=TODAY)}
    assert cells["hartwell-d-retail", "prod-crm"]["status"] == "ours"
    assert cells["hartwell-d-fin", "prod-bi"]["status"] == "opportunity"  # beats Quantivo
    assert cells["hartwell-d-cs", "prod-desk"]["status"] == "competitor"  # HelpRoute
    for cell in [("hartwell-d-risk", "prod-sec"), ("hartwell-d-mkt", "prod-crm"),
                 ("hartwell-d-mkt", "prod-bi"), ("hartwell-d-legal", "prod-sec")]:
        assert cells[cell]["status"] == "whitespace"


def test_influence_ranks_the_hartwell_ceo_first(records):
    result = influence(graph(records, "hartwell"))
    assert next(iter(result)) == "hartwell-p-001"
    assert len(result) == 114
