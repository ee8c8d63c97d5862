"""The generated Salesforce export (what the connector benchmark imports) reads back
through the shipped Salesforce mapping into the same records."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graphprofile import connectors
from graphprofile.fixtures.generate import generate
from graphprofile.fixtures.salesforce_export import salesforce_export


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, int]]:
    root = tmp_path_factory.mktemp("sf")
    generate(root / "native", 3, 11, people_per_account=20)
    return root / "native", root / "export", salesforce_export(root / "native", root / "export")


def test_export_has_salesforce_layout(export: tuple[Path, Path, dict[str, int]]) -> None:
    native, out, counts = export
    contacts = _rows(out / "Contact.csv")
    assert counts["Contact.csv"] == len(contacts) == len(_rows(native / "people.csv")) == 60
    assert all(len(c["Id"]) == 18 and c["Id"].startswith("003") for c in contacts)
    assert all(c["AccountId"].startswith("001") for c in contacts)
    assert (out / "Account.csv").read_text(encoding="utf-8").startswith('"Id","IsDeleted"')
    direct = [r for r in _rows(out / "AccountContactRelation.csv") if r["IsDirect"] == "true"]
    assert len(direct) == 60


def test_export_reads_back_as_the_same_records(
        export: tuple[Path, Path, dict[str, int]], tmp_path: Path) -> None:
    native, out, _counts = export
    done = connectors.translate(connectors.shipped("salesforce"), out, tmp_path)
    assert done.problems == []
    for name in ("companies", "colleagues", "opportunities", "people", "interactions"):
        assert len(_rows(tmp_path / f"{name}.csv")) == len(_rows(native / f"{name}.csv")), name
    # Every reporting line survives the id change: same names, same managers.
    by_id = {p["id"]: p for p in _rows(native / "people.csv")}
    want = {(p["name"], by_id[p["reports_to"]]["name"] if p["reports_to"] else "")
            for p in by_id.values()}
    back = {p["id"]: p for p in _rows(tmp_path / "people.csv")}
    got = {(p["name"], back[p["reports_to"]]["name"] if p["reports_to"] else "")
           for p in back.values()}
    assert got == want
    stages = sorted(o["stage"] for o in _rows(tmp_path / "opportunities.csv"))
    assert stages == sorted(o["stage"] for o in _rows(native / "opportunities.csv"))
    departments = {(d["company_id"][:3], d["name"]) for d in _rows(tmp_path / "departments.csv")}
    people_departments = {p["department_id"] for p in back.values()}
    assert {d["id"] for d in _rows(tmp_path / "departments.csv")} >= people_departments - {""}
    assert all(prefix == "001" for prefix, _name in departments)
