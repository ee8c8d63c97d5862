"""Exports leave the sensitive personal fields out unless --include-personal, and each
CLI export is in the audit log saying which it was."""

from __future__ import annotations

import csv
import zipfile

from click.testing import CliRunner

from graphprofile.cli import main
from graphprofile.services.audit_log import audit_log

PERSON = "transvia-p-002"  # Ingrid Solberg: every personal field recorded in the demo
PERSONAL = {"hobbies": "marathon running", "situation": "holds veto on capex above EUR 250k",
            "personality": "amiable", "age_band": "40-49"}


def _person_row(folder) -> dict[str, str]:
    with (folder / "people.csv").open(encoding="utf-8", newline="") as f:
        return next(r for r in csv.DictReader(f) if r["id"] == PERSON)


def _last_export(store) -> dict[str, str]:
    return next(e for e in audit_log(store) if e["action"] == "export")


def test_bundle_export_leaves_personal_fields_out_unless_asked(demo, tmp_path, cli_env):
    env = {**cli_env, "GRAPHPROFILE_ACTOR": "exporter@example.test"}
    runner = CliRunner()
    plain = runner.invoke(main, ["export", str(tmp_path / "plain")], env=env)
    assert plain.exit_code == 0, plain.output
    row = _person_row(tmp_path / "plain")
    assert all(row[field] == "" for field in PERSONAL)
    assert row["kpis"] == "cost-to-income ratio;close time" and row["name"] == "Ingrid Solberg"
    assert not any(value in (tmp_path / "plain" / "people.csv").read_text(encoding="utf-8")
                   for value in ("marathon running", "veto on capex"))
    entry = _last_export(demo)
    assert (entry["actor"], entry["detail"]) == ("exporter@example.test",
                                                 "without personal data")

    full = runner.invoke(main, ["export", str(tmp_path / "full"), "--include-personal"],
                         env=env)
    assert full.exit_code == 0, full.output
    assert {field: _person_row(tmp_path / "full")[field] for field in PERSONAL} == PERSONAL
    assert _last_export(demo)["detail"] == "with personal data"


def test_configured_fields_leave_the_bundle_too(demo, tmp_path, cli_env):
    env = {**cli_env, "GRAPHPROFILE_SENSITIVE_FIELDS": "kpis"}
    assert CliRunner().invoke(main, ["export", str(tmp_path / "out")], env=env).exit_code == 0
    assert _person_row(tmp_path / "out")["kpis"] == ""
    bad = CliRunner().invoke(main, ["export", str(tmp_path / "bad")],
                             env={**cli_env, "GRAPHPROFILE_SENSITIVE_FIELDS": "name"})
    assert bad.exit_code == 1 and "GRAPHPROFILE_SENSITIVE_FIELDS" in bad.output


def test_graphml_and_workbook_leave_personal_fields_out(demo, tmp_path, cli_env):
    runner = CliRunner()
    for args, want in ((["--company", "transvia"], False),
                       ([], False), (["--company", "transvia", "--include-personal"], True)):
        out = tmp_path / "graph.graphml"
        done = runner.invoke(main, ["export", "--format", "graphml", str(out), *args],
                             env=cli_env)
        assert done.exit_code == 0, done.output
        text = out.read_text(encoding="utf-8")
        assert ("marathon running" in text) is want, args
        assert ("veto on capex" in text) is want, args
        assert "Ingrid Solberg" in text
    book = tmp_path / "book.xlsx"
    done = runner.invoke(main, ["export", "--format", "xlsx", str(book),
                                "--as-of", "2026-11-23"], env=cli_env)
    assert done.exit_code == 0, done.output
    with zipfile.ZipFile(book) as z:
        cells = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    assert "Ingrid Solberg" in cells
    assert "marathon running" not in cells and "veto on capex" not in cells
    refused = runner.invoke(main, ["export", "--format", "xlsx", str(book),
                                   "--include-personal"], env=cli_env)
    assert refused.exit_code != 0  # the workbook holds no personal field to include
