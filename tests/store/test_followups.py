"""Follow-ups in the real Neo4j: three dated imports move a deal through its stages, and
the stage history, follow-ups, last touches, alerts and velocity come back end to end."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphprofile.cli import main
from graphprofile.errors import InvalidInput, NotFound
from graphprofile.services import import_bundle
from graphprofile.services.followups import follow_ups

AS_OF = date(2026, 11, 23)

FIRST = {
    "companies": [{"id": "acme", "name": "Acme", "industry": "retail"},
                  {"id": "beta", "name": "Beta", "industry": "retail"}],
    "people": [{"id": "dm", "company_id": "acme", "name": "Dana"},
               {"id": "eb", "company_id": "acme", "name": "Eli"},
               {"id": "ceo", "company_id": "acme", "name": "Cleo"},
               {"id": "champ", "company_id": "acme", "name": "Cham"},
               {"id": "bdm", "company_id": "beta", "name": "Bo"}],
    "colleagues": [{"id": "c1", "name": "Ann", "function": "sales"},
                   {"id": "c2", "name": "Bert", "function": "presales"}],
    "relationships": [{"colleague_id": "c2", "person_id": "eb", "strength": 3,
                       "last_contact": "2026-10-24"}],
    "opportunities": [
        {"id": "deal", "company_id": "acme", "name": "Analytics", "stage": "lead",
         "created": "2026-04-01"},
        {"id": "won", "company_id": "acme", "name": "Security", "stage": "won",
         "created": "2025-01-01", "closed": "2025-03-01"},
        {"id": "b1", "company_id": "beta", "name": "ERP", "stage": "negotiation",
         "created": "2026-05-01"}],
    "roles": [{"person_id": "dm", "role": "decision_maker", "opportunity_id": "deal"},
              {"person_id": "eb", "role": "economic_buyer", "opportunity_id": "deal"},
              {"person_id": "champ", "role": "champion", "opportunity_id": "deal"},
              {"person_id": "ceo", "role": "decision_maker"},
              {"person_id": "bdm", "role": "decision_maker", "opportunity_id": "b1"}],
    "interactions": [
        {"id": "i1", "date": "2026-10-23", "colleague_id": "c1", "person_id": "dm",
         "type": "meeting", "opportunity_id": "deal", "summary": "pricing"},
        {"id": "i2", "date": "2026-09-10", "colleague_id": "c2", "person_id": "champ",
         "type": "demo", "opportunity_id": "deal"},
        {"id": "i9", "date": "2026-12-01", "colleague_id": "c1", "person_id": "ceo",
         "type": "call", "opportunity_id": "deal"}],
}


def later(stage: str, *, late: bool = False) -> dict:
    bundle = json.loads(json.dumps(FIRST))
    bundle["opportunities"][0]["stage"] = stage
    if late:  # a new deal, with no created date
        bundle["opportunities"].append({"id": "late", "company_id": "acme",
                                        "name": "Data", "stage": "lead"})
    return bundle


def write(tmp_path: Path, name: str, bundle: dict) -> Path:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    return path


@pytest.fixture
def moved(store, tmp_path):
    """The deal: lead when first imported, qualified on 06-15, proposal on 09-01."""
    import_bundle(store, write(tmp_path, "a", FIRST), on=date(2026, 5, 1))
    import_bundle(store, write(tmp_path, "b", later("qualified")), on=date(2026, 6, 15))
    import_bundle(store, write(tmp_path, "c", later("proposal", late=True)),
                  on=date(2026, 9, 1))
    return store


def test_the_stage_history_follows_the_dated_imports(moved):
    data = follow_ups(moved, as_of=AS_OF)
    assert (data["as_of"], data["cadence_days"]) == ("2026-11-23", 30)
    found = {o["opportunity_id"]: o for o in data["opportunities"]}
    assert list(found) == ["deal", "late", "won", "b1"]
    # lead 04-01 (created) .. 06-15 = 30 + 31 + 14 = 75 days; qualified .. 09-01 =
    # 30 + 31 + 17 = 78; proposal since 09-01: 61 + 22 = 83 days so far.
    assert found["deal"]["stage"] == "proposal"
    assert found["deal"]["stage_history"] == [
        {"stage": "lead", "since": "2026-04-01", "until": "2026-06-15", "days": 75},
        {"stage": "qualified", "since": "2026-06-15", "until": "2026-09-01", "days": 78},
        {"stage": "proposal", "since": "2026-09-01", "until": None, "days": 83}]
    # Added by the third import, with no created date: known since that day.
    assert found["late"]["stage_history"] == [
        {"stage": "lead", "since": "2026-09-01", "until": None, "days": 83}]
    assert found["won"]["stage_history"] == [
        {"stage": "won", "since": "2025-03-01", "until": None, "days": None}]
    assert data["velocity"] == [
        {"stage": "lead", "median_days": 75.0, "opportunities": 1},
        {"stage": "qualified", "median_days": 78.0, "opportunities": 1},
        {"stage": "proposal", "median_days": None, "opportunities": 0},
        {"stage": "negotiation", "median_days": None, "opportunities": 0}]


def test_follow_ups_touches_and_alerts(moved):
    data = follow_ups(moved, as_of=AS_OF)
    deal = data["opportunities"][0]
    assert deal["follow_ups"] == [
        {"interaction_id": "i2", "date": "2026-09-10", "type": "demo", "colleague_id": "c2",
         "colleague_name": "Bert", "person_id": "champ", "person_name": "Cham",
         "summary": None},
        {"interaction_id": "i1", "date": "2026-10-23", "type": "meeting", "colleague_id": "c1",
         "colleague_name": "Ann", "person_id": "dm", "person_name": "Dana",
         "summary": "pricing"}]  # i9 is after the day asked
    assert [(p["person_id"], p["roles"], p["last_touch"], p["days_since"], p["source"])
            for p in deal["key_people"]] == [
        ("ceo", ["decision_maker"], None, None, None),
        ("dm", ["decision_maker"], "2026-10-23", 31, "interaction"),
        ("eb", ["economic_buyer"], "2026-10-24", 30, "relationship"),
        ("champ", ["champion"], "2026-09-10", 74, "interaction")]
    # Never touched first (by company), then the longest untouched; eb is within 30.
    assert [(a["person_id"], a["company_id"], a["opportunity_id"], a["days_since"])
            for a in data["alerts"]] == [
        ("ceo", "acme", None, None), ("bdm", "beta", "b1", None), ("dm", "acme", "deal", 31)]
    assert [a["person_id"] for a in follow_ups(moved, as_of=AS_OF,
                                               cadence_days=29)["alerts"]][-1] == "eb"


def test_a_company_or_an_opportunity_alone(moved):
    beta = follow_ups(moved, company_id="beta", as_of=AS_OF)
    assert [o["opportunity_id"] for o in beta["opportunities"]] == ["b1"]
    assert [a["person_id"] for a in beta["alerts"]] == ["bdm"]
    assert all(v["opportunities"] == 0 for v in beta["velocity"])  # over Beta only
    one = follow_ups(moved, opportunity_id="deal", as_of=AS_OF)
    assert [o["opportunity_id"] for o in one["opportunities"]] == ["deal"]
    assert [a["person_id"] for a in one["alerts"]] == ["ceo", "dm"]
    assert one["velocity"][0] == {"stage": "lead", "median_days": 75.0, "opportunities": 1}


def test_earlier_the_deal_was_qualified(moved):
    data = follow_ups(moved, as_of=date(2026, 7, 1))
    deal = data["opportunities"][0]
    assert [o["opportunity_id"] for o in data["opportunities"]] == ["deal", "won", "b1"]
    assert deal["stage"] == "qualified" and deal["follow_ups"] == []
    assert deal["stage_history"][-1] == {"stage": "qualified", "since": "2026-06-15",
                                         "until": None, "days": 16}


def test_unknown_and_mismatched_ids_and_a_bad_cadence(moved):
    with pytest.raises(NotFound, match="nobody"):
        follow_ups(moved, company_id="nobody", as_of=AS_OF)
    with pytest.raises(NotFound, match="nothing"):
        follow_ups(moved, opportunity_id="nothing", as_of=AS_OF)
    with pytest.raises(InvalidInput, match="beta"):
        follow_ups(moved, company_id="beta", opportunity_id="deal", as_of=AS_OF)
    with pytest.raises(InvalidInput, match="cadence"):
        follow_ups(moved, as_of=AS_OF, cadence_days=0)


def test_the_command(store, tmp_path, cli_env):
    runner = CliRunner()
    for name, bundle, day in (("a", FIRST, "2026-05-01"), ("b", later("qualified"),
                                                           "2026-06-15")):
        done = runner.invoke(main, ["import", str(write(tmp_path, name, bundle)),
                                    "--date", day, "--json"], env=cli_env)
        assert done.exit_code == 0, done.output
    result = runner.invoke(main, ["follow-ups", "--opportunity", "deal", "--as-of",
                                  "2026-11-23", "--cadence", "45", "--json"], env=cli_env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == ["as_of", "cadence_days", "opportunities", "alerts", "velocity"]
    assert data["cadence_days"] == 45
    assert [s["stage"] for s in data["opportunities"][0]["stage_history"]] == [
        "lead", "qualified"]
    assert [a["person_id"] for a in data["alerts"]] == ["ceo"]  # dm: 31 days, within 45
    text = runner.invoke(main, ["follow-ups", "--as-of", "2026-11-23"], env=cli_env)
    assert text.exit_code == 0, text.output
    assert "Cleo (decision_maker), acme (account-wide)" in text.output
    for args, words in ((["--company", "nobody"], "nobody"), (["--as-of", "23/11/2026"], "ISO"),
                        (["--cadence", "0"], "cadence")):
        bad = runner.invoke(main, ["follow-ups", *args, "--json"], env=cli_env)
        assert bad.exit_code == 1 and words in json.loads(bad.output)["error"], bad.output
