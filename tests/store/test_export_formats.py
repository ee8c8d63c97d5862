"""`graphprofile export --format graphml|xlsx` on the demo portfolio: what is written
equals what the store and the services hold."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

import networkx as nx
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from graphprofile import services, summaries
from graphprofile.cli import main
from graphprofile.services.reports import SHEETS

AS_OF = "2026-11-23"  # the demo's "today"


@pytest.fixture
def run(demo, cli_env):
    """The CLI against the demo portfolio: ``run(*args)`` -> the parsed --json answer."""
    runner = CliRunner()

    def invoke(*args: str, code: int = 0) -> dict:
        result = runner.invoke(main, ["export", *args, "--json"], env=cli_env)
        assert result.exit_code == code, result.output
        return json.loads(result.output) if code == 0 else {}

    return invoke


def _counts(G: nx.MultiDiGraph) -> dict[str, dict[str, int]]:
    return {"nodes": dict(Counter(label for _, label in G.nodes(data="label"))),
            "relationships": dict(Counter(t for _, _, t in G.edges(data="type")))}


def _nonzero(counts: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in counts.items() if v}


def test_graphml_of_the_whole_graph_counts_what_stats_counts(run, demo, tmp_path):
    path = tmp_path / "demo.graphml"
    written = run("--format", "graphml", str(path))
    G = nx.read_graphml(path)
    stats = services.stats(demo)
    assert _counts(G)["nodes"] == written["nodes"] == _nonzero(stats["nodes"])
    assert _counts(G)["relationships"] == written["relationships"] == _nonzero(
        stats["relationships"])
    assert written["path"] == str(path) and written["format"] == "graphml"
    hartwell = G.nodes["Company:hartwell"]
    assert hartwell["label"] == "Company" and hartwell["name"] == "Hartwell Bank"
    assert isinstance(hartwell["employees"], int) and isinstance(hartwell["revenue"], float)
    manager = next(v for _, v, t in G.out_edges("Person:hartwell-p-012", data="type")
                   if t == "REPORTS_TO")
    assert manager == "Person:hartwell-p-001"
    knows = [a for _, _, a in G.edges(data=True) if a["type"] == "KNOWS"]
    # KNOWS (1-5) and INFLUENCES (0-1) share the edge key "strength": it is a double.
    assert all(isinstance(a["strength"], float) and a["strength"] in (1, 2, 3, 4, 5)
               for a in knows)
    assert not {label for _, label in G.nodes(data="label")} & {"User", "AuditEntry",
                                                                  "AccountSummary"}


def test_graphml_of_one_account_holds_that_account_only(run, demo, tmp_path):
    path = tmp_path / "ferrox.graphml"
    written = run("--format", "graphml", str(path), "--company", "ferrox")
    G = nx.read_graphml(path)
    snapshot = services.account_snapshot(demo, "ferrox")
    by_label: dict[str, set[str]] = {}
    for node, label in G.nodes(data="label"):
        by_label.setdefault(label, set()).add(node.split(":", 1)[1])
    assert by_label["Company"] == {"ferrox"}
    assert by_label["Person"] == {p.id for p in snapshot.people}
    assert by_label["Department"] == {d.id for d in snapshot.departments}
    assert by_label["Opportunity"] == {o.id for o in snapshot.opportunities}
    assert by_label["Interaction"] == {i.id for i in snapshot.interactions}
    assert by_label["Colleague"] == {c.id for c in snapshot.colleagues}
    assert written["nodes"] == {label: len(ids) for label, ids in by_label.items()}
    relationships = _counts(G)["relationships"]
    assert relationships == written["relationships"]
    assert relationships["WORKS_AT"] == relationships["MEMBER_OF"] == len(snapshot.people)
    assert relationships["KNOWS"] == len(snapshot.relationships)
    assert relationships["INFLUENCES"] == len(snapshot.influence)
    assert "SUBSIDIARY_OF" not in relationships  # no other company came along


def test_graphml_of_an_unknown_account_is_refused(run, tmp_path):
    run("--format", "graphml", str(tmp_path / "x.graphml"), "--company", "nobody", code=1)
    assert not (tmp_path / "x.graphml").exists()


def test_options_that_do_not_go_with_the_format_are_refused(run, tmp_path):
    run("--format", "xlsx", str(tmp_path / "x.xlsx"), "--company", "ferrox", code=2)
    run(str(tmp_path / "bundle"), "--as-of", AS_OF, code=2)
    run("--format", "graphml", str(tmp_path), code=2)  # a folder, not a file


def test_the_bundle_export_answers_as_before(run, tmp_path):
    written = run(str(tmp_path / "bundle"))
    assert list(written) == ["exported", "path"] and written["exported"]["people"] == 455


def _sheet(book, name: str) -> list[dict]:
    rows = list(book[name].iter_rows(values_only=True))
    assert rows[0] == tuple(header for header, *_ in SHEETS[name])
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_the_workbook_holds_the_services_figures(run, demo, tmp_path):
    path = tmp_path / "report.xlsx"
    written = run("--format", "xlsx", str(path), "--as-of", AS_OF)
    day = date.fromisoformat(AS_OF)
    book = load_workbook(path)
    assert book.sheetnames == ["Gaps", "Whitespace", "Committees", "Accounts"]
    assert written["sheets"] == {name: book[name].max_row - 1 for name in book.sheetnames}
    accounts = services.account_ids(demo)

    gaps = {c["company_id"]: c for c in services.gaps(demo, as_of=day)["companies"]}
    rows = _sheet(book, "Gaps")
    assert [r["Account id"] for r in rows] == accounts
    for row in rows:
        found = gaps[row["Account id"]]
        assert row["Engaged contacts"] == len(found["engaged_contacts"])
        assert row["Single-threaded"] is found["single_threaded"]
        assert row["Single rep"] is found["single_rep"]
        assert row["Influence coverage"] == pytest.approx(found["influence_coverage"])
        assert row["Stale people"] == len(found["stale_people"])
        assert row["Uncovered departments"] == len(found["uncovered_departments"])
        assert (row["Unknown decision maker ids"] or "") == "; ".join(
            found["unknown_decision_makers"])

    assert [r["Account id"] for r in _sheet(book, "Accounts")] == accounts
    stored = summaries.portfolio_rows(demo, as_of=day, account_ids=accounts)
    assert [(r["Account"], r["Open opportunities"], r["Profile score (of 8)"])
            for r in _sheet(book, "Accounts")] == [
        (s["name"], s["open_opportunities"], s["audit_score"]) for s in stored]

    cells, total = summaries.stored_cross_sell(demo, as_of=day, limit=10_000)
    whitespace = _sheet(book, "Whitespace")
    assert len(whitespace) == total == len(cells)
    assert [(r["Account id"], r["Department id"], r["Product id"], r["Status"])
            for r in whitespace] == [(c["company_id"], c["department_id"], c["product_id"],
                                      c["status"]) for c in cells]

    members = _sheet(book, "Committees")
    expected = set()
    for company_id in accounts:
        snapshot = services.account_snapshot(demo, company_id)
        scores = {p["person_id"]: p["score"]
                  for p in services.influence(demo, company_id)["people"]}
        engaged = set(gaps[company_id]["engaged_contacts"])
        expected |= {(r.opportunity_id, r.person_id, r.role.value, r.stance.value,
                      r.person_id in engaged, round(scores[r.person_id], 6))
                     for r in snapshot.roles if r.opportunity_id}
    got = [(r["Opportunity id"], r["Person id"], r["Role"], r["Stance"], r["Engaged"],
            round(r["Influence"], 6)) for r in members]
    assert len(got) == len(set(got)) and set(got) == expected


def test_a_stored_formula_reaches_the_workbook_as_text(run, demo, tmp_path):
    formula = "=cmd|' /C calc'!A0"
    member = next(r.person_id for r in services.account_snapshot(demo, "ferrox").roles
                  if r.opportunity_id)
    demo.write_tx(lambda tx: tx.run("MATCH (p:Person {id: $id}) SET p.title = $title",
                                    id=member, title=formula).consume())
    path = tmp_path / "report.xlsx"
    run("--format", "xlsx", str(path), "--as-of", AS_OF)
    sheet = load_workbook(path)["Committees"]
    header = [c.value for c in sheet[1]]
    person, title = header.index("Person id"), header.index("Title")
    cells = [row[title] for row in sheet.iter_rows(min_row=2) if row[person].value == member]
    assert cells and all(c.value == formula and c.data_type == "s" and c.quotePrefix
                         for c in cells)
