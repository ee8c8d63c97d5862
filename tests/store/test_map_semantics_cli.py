"""Conflict lines, dotted lines, relationship levels and seats on the demo, through the
CLI against the real Neo4j, and their import checks."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from graphprofile.cli import main
from graphprofile.errors import InvalidInput
from graphprofile.services import import_bundle

AS_OF = "2026-11-23"


@pytest.fixture
def run(store, demo_bundle, cli_env):
    import_bundle(store, demo_bundle)
    runner = CliRunner()

    def invoke(*args: str, code: int = 0):
        result = runner.invoke(main, [*args, "--json"], env=cli_env)
        assert result.exit_code == code, result.output
        return json.loads(result.output) if code == 0 else result.output

    return invoke


def test_relationship_levels_of_an_account_and_of_a_person(run):
    found = run("relationships", "mediva")
    assert found["company_id"] == "mediva" and found["person_id"] is None
    gaps = [(r["colleague_id"], r["person_id"], r["strength"], r["target_strength"],
             r["gap"]) for r in found["relationships"] if r["gap"] is not None]
    assert gaps == [("c-tomas", "mediva-p-002", 1, 3, 2), ("c-tomas", "mediva-p-007", 2, 4, 2)]
    one = run("relationships", "--person", "hartwell-p-001")
    assert one["company_id"] == "hartwell"
    assert [(r["colleague_id"], r["target_strength"]) for r in one["relationships"]
            if r["target_strength"]] == [("c-aiko", 5)]
    assert "is not at" in run("relationships", "mediva", "--person", "hartwell-p-001", code=1)


def test_the_seat_nobody_has_identified_is_a_placeholder_of_its_deal(run):
    found = run("committee", "mediva-o-2", "--as-of", AS_OF)
    seats = {p["role"]: p for p in found["placeholders"]}
    assert seats["technical_evaluator"]["person_id"] == "mediva-seat-itarch"
    assert seats["technical_evaluator"]["label"] == "Head of IT Architecture — unknown"
    tech = next(r for r in found["roles"] if r["role"] == "technical_evaluator")
    assert tech["holders"] == []  # the seat fills nothing


def test_the_conflict_line_names_the_decider_it_works_against(run):
    found = run("blockers", "meridian-o-2")
    cmo = next(b for b in found["blockers"] if b["person_id"] == "meridian-p-004")
    assert cmo["conflicts"] == ["meridian-p-006"]
    assert "meridian-p-006" in found["deciders"]


def test_a_dotted_line_must_name_someone_of_the_same_company(store, demo_bundle, tmp_path):
    bad = tmp_path / "bad"
    shutil.copytree(demo_bundle, bad)
    lines = (bad / "people.csv").read_text("utf-8").splitlines()
    # Hartwell's CDO gets a dotted line to Ferrox's CEO, and one to nobody
    row = next(i for i, line in enumerate(lines) if line.startswith("hartwell-p-006,"))
    assert lines[row].endswith(",orbis,hartwell-p-002,")
    lines[row] = lines[row][:-len("hartwell-p-002,")] + "ferrox-p-001;nobody-p-1,"
    (bad / "people.csv").write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(InvalidInput) as raised:
        import_bundle(store, bad)
    problems = [(p.column, p.reason) for p in raised.value.problems]
    assert any(c == "dotted_line_to" and "nobody-p-1" in r for c, r in problems)
    assert any(c == "dotted_line_to" and "company" in r for c, r in problems)
