"""The import history in the real Neo4j: imports and edits record what they changed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphprofile.cli import main
from graphprofile.errors import NotFound
from graphprofile.models import Person
from graphprofile.services import history, import_bundle, save_person
from graphprofile.services.privacy import erase_person
from graphprofile.store import history as repo

FIRST = {
    "companies": [{"id": "acme", "name": "Acme", "industry": "retail", "revenue": 100,
                   "employees": 500},
                  {"id": "bolt", "name": "Bolt", "industry": "retail"}],
    "departments": [{"id": "it", "company_id": "acme", "name": "IT", "function": "it"},
                    {"id": "fin", "company_id": "acme", "name": "Finance",
                     "function": "finance"}],
    "people": [{"id": "ann", "company_id": "acme", "name": "Ann", "department_id": "it",
                "title": "CIO"},
               {"id": "bob", "company_id": "acme", "name": "Bob", "department_id": "it",
                "title": "Architect", "reports_to": "ann"},
               {"id": "cat", "company_id": "acme", "name": "Cat", "department_id": "fin",
                "title": "CFO"}],
    "opportunities": [{"id": "deal", "company_id": "acme", "name": "BI", "stage": "qualified"}],
    "roles": [{"person_id": "cat", "role": "economic_buyer"}],
    "colleagues": [{"id": "c1", "name": "Col", "function": "sales"}],
    "relationships": [{"colleague_id": "c1", "person_id": "cat", "strength": 4}],
    "products": [{"id": "etl", "name": "ETL", "category": "data", "target_function": "it"}],
    "deployments": [{"department_id": "it", "product_id": "etl", "licences": 10}],
}


def second() -> dict:
    bundle = json.loads(json.dumps(FIRST))
    bundle["companies"][0]["revenue"] = 120
    bundle["people"][1]["title"] = "Chief architect"
    bundle["people"][2]["company_id"] = "bolt"  # Cat moves to Bolt
    bundle["people"][2].pop("department_id")
    bundle["opportunities"][0]["stage"] = "proposal"
    return bundle


def write(tmp_path: Path, name: str, bundle: dict) -> Path:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    return path


@pytest.fixture
def two_imports(store, tmp_path):
    import_bundle(store, write(tmp_path, "first", FIRST), on=date(2026, 5, 1))
    import_bundle(store, write(tmp_path, "second", second()), on=date(2026, 8, 1))
    return store


def test_the_first_import_is_the_baseline(store, tmp_path):
    import_bundle(store, write(tmp_path, "first", FIRST), on=date(2026, 5, 1))
    assert history.company_changes(store, "acme") == {"company_id": "acme", "changes": []}


def test_a_second_import_records_what_it_changed(two_imports):
    acme = history.company_changes(two_imports, "acme")
    assert acme["company_id"] == "acme"
    assert [(c["date"], c["kind"], c["record_id"]) for c in acme["changes"]] == [
        ("2026-08-01", "revenue_changed", "acme"),
        ("2026-08-01", "person_moved", "cat"),
        ("2026-08-01", "title_changed", "bob"),
        ("2026-08-01", "stage_changed", "deal"),
    ]
    by_kind = {c["kind"]: c for c in acme["changes"]}
    assert by_kind["revenue_changed"]["before"] == {"revenue": 100}
    assert by_kind["revenue_changed"]["after"] == {"revenue": 120}
    assert by_kind["person_moved"]["before"] == {
        "company_id": "acme", "department_id": "fin", "title": "CFO",
        "roles": ["economic_buyer"]}
    assert by_kind["person_moved"]["after"]["company_id"] == "bolt"
    assert by_kind["stage_changed"]["after"] == {"stage": "proposal"}
    bolt = history.company_changes(two_imports, "bolt")["changes"]
    assert [(c["kind"], c["record_id"], c["before"]["company_id"]) for c in bolt] == [
        ("person_joined", "cat", "acme")]


def test_the_same_import_again_records_nothing(two_imports, tmp_path):
    import_bundle(two_imports, write(tmp_path, "again", second()), on=date(2026, 9, 1))
    assert len(history.company_changes(two_imports, "acme")["changes"]) == 4


def test_records_pruned_away_are_removals(two_imports, tmp_path):
    third = second()
    third["people"] = [p for p in third["people"] if p["id"] != "bob"]
    third["departments"] = [d for d in third["departments"] if d["id"] != "fin"]
    import_bundle(two_imports, write(tmp_path, "third", third), on=date(2026, 9, 1), prune=True)
    later = history.company_changes(two_imports, "acme", date(2026, 9, 1))["changes"]
    assert [(c["kind"], c["record_id"], c["before"], c["after"]) for c in later] == [
        ("department_removed", "fin", {"name": "Finance"}, None),
        ("person_left", "bob", {"company_id": "acme", "department_id": "it",
                                "title": "Chief architect", "roles": []}, None)]


def test_since_and_unknown_company(two_imports):
    assert history.company_changes(two_imports, "acme", date(2026, 8, 2))["changes"] == []
    assert len(history.company_changes(two_imports, "acme", date(2026, 8, 1))["changes"]) == 4
    with pytest.raises(NotFound):
        history.company_changes(two_imports, "nobody")


def test_an_edit_is_recorded_today(two_imports):
    bob = Person(id="bob", company_id="acme", name="Bob", department_id="fin",
                 title="Chief architect", reports_to="ann")
    save_person(two_imports, bob)
    last = history.company_changes(two_imports, "acme")["changes"][-1]
    assert (last["date"], last["kind"], last["record_id"]) == (
        date.today().isoformat(), "person_transferred", "bob")
    assert (last["before"], last["after"]) == ({"department_id": "it"},
                                               {"department_id": "fin"})


def test_erasing_a_person_erases_their_history(two_imports):
    erase_person(two_imports, "cat", actor="tester")
    kinds = [c["kind"] for c in history.company_changes(two_imports, "acme")["changes"]]
    assert kinds == ["revenue_changed", "title_changed", "stage_changed"]
    assert history.company_changes(two_imports, "bolt")["changes"] == []


def test_the_history_is_bounded_per_account(store):
    entries = [{"company_id": "acme", "kind": "title_changed", "record_id": f"p{i}",
                "before": {"title": "a"}, "after": {"title": "b"}, "person_id": f"p{i}"}
               for i in range(5)]
    repo.record(store, entries[:3], on=date(2026, 1, 1), keep=4)
    repo.record(store, entries[3:], on=date(2026, 2, 1), keep=4)
    kept = repo.changes(store, "acme")
    # The oldest entry went; the newest four stay, oldest first.
    assert [(e["date"], e["record_id"]) for e in kept] == [
        (date(2026, 1, 1), "p1"), (date(2026, 1, 1), "p2"), (date(2026, 2, 1), "p3"),
        (date(2026, 2, 1), "p4")]


def test_changes_command_and_import_date(store, tmp_path, cli_env):
    runner = CliRunner()
    first = runner.invoke(main, ["import", str(write(tmp_path, "a", FIRST)), "--date",
                                 "2026-05-01", "--json"], env=cli_env)
    assert first.exit_code == 0, first.output
    again = runner.invoke(main, ["import", str(write(tmp_path, "b", second())), "--date",
                                 "2026-08-01", "--json"], env=cli_env)
    assert again.exit_code == 0, again.output
    result = runner.invoke(main, ["changes", "bolt", "--json"], env=cli_env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data == {"company_id": "bolt", "changes": [{
        "date": "2026-08-01", "kind": "person_joined", "record_id": "cat",
        "before": {"company_id": "acme", "department_id": "fin", "title": "CFO",
                   "roles": ["economic_buyer"]},
        "after": {"company_id": "bolt", "department_id": None, "title": "CFO",
                  "roles": ["economic_buyer"]}}]}
    since = runner.invoke(main, ["changes", "acme", "--since", "2026-09-01", "--json"],
                          env=cli_env)
    assert json.loads(since.output)["changes"] == []
    missing = runner.invoke(main, ["changes", "nobody"], env=cli_env)
    assert missing.exit_code != 0 and "nobody" in missing.output


def test_moves_and_signals_from_two_imports(two_imports, cli_env):
    runner = CliRunner()

    def run(*args: str) -> dict:
        result = runner.invoke(main, [*args, "--json"], env=cli_env)
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    moved = run("moves")["moves"]
    assert [(m["person_id"], m["from_company_id"], m["to_company_id"], m["role_before"],
             m["relationships"], m["moved_on"], m["source"]) for m in moved] == [
        ("cat", "acme", "bolt", "economic_buyer", [{"colleague_id": "c1", "strength": 4}],
         "2026-08-01", "history")]
    assert run("moves", "--company", "bolt")["moves"] == moved
    assert run("moves", "--company", "acme")["moves"] == []

    found = run("signals")
    assert (found["revenue_growth"], found["headcount_growth"]) == (0.1, 0.1)
    assert [(s["company_id"], s["signal"], s["growth"], s["date"]) for s in found["signals"]] == [
        ("acme", "revenue_growth", 0.2, "2026-08-01")]
    assert [(p["product_id"], p["licences"], p["licences_after"])
            for p in found["signals"][0]["products"]] == [("etl", 10, 12)]
    assert run("signals", "--revenue-growth", "0.25")["signals"] == []


def test_an_interview_answer_that_changes_a_title_is_in_the_history(two_imports):
    from graphprofile.services.interviews import record_answer

    record_answer(two_imports, "person", "bob", "dm-title", "CTO", on="2026-09-01")
    last = history.company_changes(two_imports, "acme")["changes"][-1]
    assert (last["date"], last["kind"], last["record_id"], last["before"], last["after"]) == (
        "2026-09-01", "title_changed", "bob", {"title": "Chief architect"}, {"title": "CTO"})
    record_answer(two_imports, "person", "bob", "dm-goals", "Fewer outages", on="2026-09-02")
    assert history.company_changes(two_imports, "acme")["changes"][-1] == last  # not followed


def test_recent_changes_are_the_newest_first_with_the_count(two_imports):
    every = history.company_changes(two_imports, "acme")["changes"]
    recent = history.recent_changes(two_imports, "acme", limit=2)
    assert recent == {"company_id": "acme", "changes": every[::-1][:2], "count": len(every)}
    assert history.recent_changes(two_imports, "bolt", limit=5)["count"] == 1
