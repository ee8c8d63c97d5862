"""Erasing a person's personal data on request, and the audit log, on the real Neo4j."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from graphprofile.cli import main
from graphprofile.services import export_bundle, import_bundle
from graphprofile.store.records import account_snapshot

PERSON = "transvia-p-003"  # the COO: relationships, roles, influence, interactions, reports


@pytest.fixture
def demo(store, demo_bundle, cli_env):
    import_bundle(store, demo_bundle)
    env = {**cli_env, "GRAPHPROFILE_ACTOR": "dpo@example.test"}

    def run(*args: str, code: int = 0):
        result = CliRunner().invoke(main, [*args, "--json"], env=env)
        assert result.exit_code == code, result.output
        return json.loads(result.output)

    return run


def _mentions(snapshot, person_id):
    return {
        "relationships": [r for r in snapshot.relationships if r.person_id == person_id],
        "roles": [r for r in snapshot.roles if r.person_id == person_id],
        "influence": [i for i in snapshot.influence if person_id in (i.source_id, i.target_id)],
        "interactions": [i for i in snapshot.interactions if i.person_id == person_id],
    }


def test_erase_removes_personal_data_and_keeps_the_structure(demo, store, tmp_path):
    before = account_snapshot(store, "transvia")
    person = next(p for p in before.people if p.id == PERSON)
    mentioned = _mentions(before, PERSON)
    assert all(mentioned.values()), "the demo person has every kind of link to erase"
    reports = sorted(p.id for p in before.people if p.reports_to == PERSON)
    assert reports

    assert demo("person", "erase", PERSON, "--yes") == {
        "person_id": PERSON, "company_id": "transvia", "erased": True}

    after = account_snapshot(store, "transvia")
    erased = next(p for p in after.people if p.id == PERSON)
    assert erased.name == "(erased)"
    assert erased.title is None and erased.email is None and erased.personality is None
    assert (erased.company_id, erased.department_id, erased.reports_to, erased.seniority) == (
        person.company_id, person.department_id, person.reports_to, person.seniority)
    assert not any(_mentions(after, PERSON).values())
    assert sorted(p.id for p in after.people if p.reports_to == PERSON) == reports
    assert int(after.company.model_extra["erased_interactions"]) == \
        len(mentioned["interactions"])
    assert len(after.interactions) == len(before.interactions) - len(mentioned["interactions"])

    export_bundle(store, tmp_path / "export")
    exported = "".join(f.read_text(encoding="utf-8") for f in (tmp_path / "export").iterdir())
    assert person.name not in exported
    assert demo("gaps", "--company", "transvia")["companies"][0]["company_id"] == "transvia"


def test_erasure_is_in_the_audit_log(demo):
    demo("person", "erase", PERSON, "--yes")
    entries = demo("audit-log", "--target", PERSON)
    assert [(e["action"], e["actor"], e["target_kind"]) for e in entries] == [
        ("erase", "dpo@example.test", "person")]
    everything = demo("audit-log")
    assert [e["action"] for e in everything] == ["erase"]  # the library import is not audited


def test_erase_needs_confirmation_and_a_known_id(demo, store):
    before = account_snapshot(store, "transvia")
    assert demo("person", "erase", PERSON, code=1)["error"].startswith("refusing")
    assert demo("person", "erase", "nobody", "--yes", code=1)["error"]
    assert account_snapshot(store, "transvia") == before
    assert demo("audit-log", "--target", PERSON) == []


def test_cli_import_is_audited(store, demo_bundle, cli_env):
    env = {**cli_env, "GRAPHPROFILE_ACTOR": "ops"}
    runner = CliRunner()
    assert runner.invoke(main, ["import", str(demo_bundle)], env=env).exit_code == 0
    result = runner.invoke(main, ["audit-log", "--json"], env=env)
    entries = json.loads(result.output)
    assert [(e["action"], e["actor"], e["target_id"]) for e in entries] == [
        ("import", "ops", str(demo_bundle))]
    assert json.loads(entries[0]["detail"])["people"] == 455
