"""GraphML and workbook writers on hand-made graphs and rows: labels, types, typed
properties, what NetworkX and openpyxl read back, and formulas kept as text."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import networkx as nx
import pytest
from openpyxl import load_workbook

from graphprofile.graph import account_graph
from graphprofile.models import (
    AccountSnapshot,
    Colleague,
    Company,
    Interaction,
    Opportunity,
    Person,
    Relationship,
    RoleAssignment,
)
from graphprofile.services.exports import write_graphml
from graphprofile.services.reports import SHEETS, committee_members, write_workbook
from graphprofile.store.graph_export import GraphEdge, GraphNode

FORMULA = "=cmd|' /C calc'!A0"


def tiny_graph() -> list[GraphNode]:
    """A company, two people (one reports to the other), a colleague who knows one."""
    return [
        GraphNode("Company", "acme", {"id": "acme", "name": "Acme", "employees": 1200,
                                      "revenue": 2.5e9, "last_verified": date(2026, 3, 1)}, []),
        GraphNode("Person", "boss", {"id": "boss", "name": "Bo <Boss> & Co",
                                     "kpis": ["revenue", "margin"], "years_experience": 20},
                  [GraphEdge("WORKS_AT", "Company", "acme", {})]),
        GraphNode("Person", "ann", {"id": "ann", "name": FORMULA, "years_experience": None},
                  [GraphEdge("WORKS_AT", "Company", "acme", {}),
                   GraphEdge("REPORTS_TO", "Person", "boss", {}),
                   GraphEdge("HAS_ROLE", "Company", "acme", {"role": "champion"})]),
        GraphNode("Colleague", "c1", {"id": "c1", "name": "C One", "active": True},
                  [GraphEdge("KNOWS", "Person", "ann",
                             {"strength": 4, "last_contact": date(2026, 1, 2)})]),
    ]


def read_back(nodes: list[GraphNode]) -> tuple[nx.MultiDiGraph, str, dict]:
    out = io.StringIO()
    counts = write_graphml(out, nodes)
    text = out.getvalue()
    return nx.read_graphml(io.StringIO(text)), text, counts


def test_graphml_reads_back_with_labels_types_and_counts():
    G, _text, counts = read_back(tiny_graph())
    assert counts == {"nodes": {"Company": 1, "Person": 2, "Colleague": 1},
                      "relationships": {"HAS_ROLE": 1, "KNOWS": 1, "REPORTS_TO": 1,
                                        "WORKS_AT": 2}}
    assert G.is_directed() and G.is_multigraph()
    assert {n: a["label"] for n, a in G.nodes(data=True)} == {
        "Company:acme": "Company", "Person:boss": "Person", "Person:ann": "Person",
        "Colleague:c1": "Colleague"}
    types = sorted((u, v, a["type"]) for u, v, a in G.edges(data=True))
    assert types == [("Colleague:c1", "Person:ann", "KNOWS"),
                     ("Person:ann", "Company:acme", "HAS_ROLE"),
                     ("Person:ann", "Company:acme", "WORKS_AT"),
                     ("Person:ann", "Person:boss", "REPORTS_TO"),
                     ("Person:boss", "Company:acme", "WORKS_AT")]


def test_graphml_properties_keep_their_types():
    G, text, _ = read_back(tiny_graph())
    acme = G.nodes["Company:acme"]
    assert acme["employees"] == 1200 and type(acme["employees"]) is int
    assert acme["revenue"] == 2.5e9 and type(acme["revenue"]) is float
    assert acme["last_verified"] == "2026-03-01"           # dates as ISO text
    assert G.nodes["Person:boss"]["kpis"] == "revenue;margin"  # lists ;-joined
    assert G.nodes["Person:boss"]["name"] == "Bo <Boss> & Co"  # escaped, read back as is
    assert G.nodes["Person:ann"]["name"] == FORMULA
    assert "years_experience" not in G.nodes["Person:ann"]  # None: no data element
    assert G.nodes["Colleague:c1"]["active"] is True
    (knows,) = [a for _, _, a in G.edges(data=True) if a["type"] == "KNOWS"]
    assert knows["strength"] == 4 and type(knows["strength"]) is int
    assert knows["last_contact"] == "2026-01-02"
    for declared in ('attr.name="employees" attr.type="int"',
                     'attr.name="revenue" attr.type="double"',
                     'attr.name="active" attr.type="boolean"',
                     'for="node" attr.name="label" attr.type="string"',
                     'for="edge" attr.name="type" attr.type="string"'):
        assert declared in text


def test_graphml_a_mixed_property_takes_the_widest_type():
    nodes = [GraphNode("Product", "a", {"score": 1, "code": 7, "big": 2**40}, []),
             GraphNode("Product", "b", {"score": 0.5, "code": "x7", "big": 3}, [])]
    G, text, _ = read_back(nodes)
    assert 'attr.name="score" attr.type="double"' in text
    assert 'attr.name="code" attr.type="string"' in text
    assert 'attr.name="big" attr.type="long"' in text
    assert G.nodes["Product:a"]["score"] == 1.0 and G.nodes["Product:b"]["code"] == "x7"
    assert G.nodes["Product:a"]["code"] == "7"
    assert G.nodes["Product:a"]["big"] == 2**40


def test_graphml_reserved_names_and_characters_xml_cannot_hold():
    nodes = [GraphNode("Interaction", "i1", {"label": "mine", "summary": "a\x00b\r\nc"},
                       [GraphEdge("ABOUT", "Interaction", "i1", {"type": "self"})])]
    G, _, _ = read_back(nodes)
    node = G.nodes["Interaction:i1"]
    assert node["label"] == "Interaction" and node["label_property"] == "mine"
    assert node["summary"] == "a\ufffdb\r\nc"  # the carriage return survives the parser
    (edge,) = [a for _, _, a in G.edges(data=True)]
    assert edge == {"type": "ABOUT", "type_property": "self", "id": "r0"}


def test_graphml_to_a_path_is_the_same_bytes_twice(tmp_path):
    first, second = tmp_path / "a.graphml", tmp_path / "b.graphml"
    write_graphml(first, tiny_graph())
    write_graphml(second, reversed(list(reversed(tiny_graph()))))
    assert first.read_bytes() == second.read_bytes()
    assert not list(tmp_path.glob(".*partial"))
    assert nx.read_graphml(first).number_of_nodes() == 4


def sheet_rows(data: bytes, name: str) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data))[name].iter_rows(values_only=True))


def test_workbook_writes_the_sheets_in_order_with_headers_and_rows():
    out = io.BytesIO()
    gaps = [{"id": "acme", "name": "Acme", "single_threaded": True, "engaged": 1,
             "influence_coverage": 0.25, "unknown_decision_maker_names": ["Bo", "Cy"]}]
    counts = write_workbook(out, {"Accounts": gaps, "Gaps": gaps, "Whitespace": []})
    assert counts == {"Accounts": 1, "Gaps": 1, "Whitespace": 0}
    book = load_workbook(io.BytesIO(out.getvalue()))
    assert book.sheetnames == ["Accounts", "Gaps", "Whitespace"]
    rows = sheet_rows(out.getvalue(), "Gaps")
    assert rows[0] == tuple(header for header, *_ in SHEETS["Gaps"])
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Account id"] == "acme" and row["Single-threaded"] is True
    assert row["Engaged contacts"] == 1 and row["Influence coverage"] == 0.25
    assert row["Unknown decision makers"] == "Bo; Cy" and row["Single rep"] is None
    assert book["Gaps"].freeze_panes == "A2"
    assert book["Gaps"].auto_filter.ref == f"A1:M{len(rows)}"
    assert len(sheet_rows(out.getvalue(), "Whitespace")) == 1


@pytest.mark.parametrize("text", [FORMULA, "+1+1", "-2", "@SUM(A1)", "=HYPERLINK(\"x\")"])
def test_workbook_text_that_looks_like_a_formula_stays_text(text):
    out = io.BytesIO()
    write_workbook(out, {"Committees": [{"person": text, "title": "CTO",
                                         "opportunity": "ok"}]})
    sheet = load_workbook(io.BytesIO(out.getvalue()))["Committees"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("Person") + 1)
    assert cell.value == text and cell.data_type == "s"
    assert cell.quotePrefix  # Excel keeps it text even when the cell is edited
    plain = sheet.cell(row=2, column=header.index("Title") + 1)
    assert plain.value == "CTO" and plain.data_type == "s" and not plain.quotePrefix
    # No formula anywhere in the sheet's XML.
    xml = zipfile.ZipFile(io.BytesIO(out.getvalue())).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml


def test_workbook_refuses_an_unknown_sheet():
    with pytest.raises(ValueError, match="Summary"):
        write_workbook(io.BytesIO(), {"Summary": []})


def test_workbook_dates_and_characters_a_cell_cannot_hold():
    out = io.BytesIO()
    write_workbook(out, {"Accounts": [{"id": "a\x01b", "last_touch": date(2026, 11, 10)}]})
    row = dict(zip(*sheet_rows(out.getvalue(), "Accounts")[:2], strict=True))
    assert row["Account id"] == "a\ufffdb"
    assert row["Last touch"].date() == date(2026, 11, 10)


def test_committee_members_are_the_people_with_a_role_on_an_opportunity():
    snapshot = AccountSnapshot(
        company=Company(id="acme", name="Acme", industry="banking"),
        people=[Person(id="boss", company_id="acme", name="Bo", seniority="c_level"),
                Person(id="ann", company_id="acme", name="Ann", reports_to="boss",
                       title="Engineer")],
        colleagues=[Colleague(id="c1", name="C One", function="sales")],
        relationships=[Relationship(colleague_id="c1", person_id="ann", strength=4)],
        opportunities=[Opportunity(id="o1", company_id="acme", name="Deal", stage="proposal")],
        roles=[RoleAssignment(person_id="boss", role="decision_maker", opportunity_id="o1"),
               RoleAssignment(person_id="ann", role="champion", opportunity_id="o1",
                              stance="supporter"),
               RoleAssignment(person_id="ann", role="influencer")],  # account-wide: not a member
        interactions=[Interaction(id="i1", date=date(2026, 1, 3), colleague_id="c1",
                                  person_id="ann", type="demo")],
    )
    rows = committee_members(account_graph(snapshot), as_of=date(2026, 2, 1))
    assert [(r["person_id"], str(r["role"]), str(r["stance"]), r["engaged"]) for r in rows] == [
        ("boss", "decision_maker", "neutral", False), ("ann", "champion", "supporter", True)]
    assert rows[0]["influence"] == 1.0 > rows[1]["influence"]  # the manager ranks first
    assert {r["company"] for r in rows} == {"Acme"} and rows[1]["title"] == "Engineer"
    assert {r["opportunity"] for r in rows} == {"Deal"}


def test_committee_members_of_an_account_without_opportunities_is_empty():
    snapshot = AccountSnapshot(company=Company(id="x", name="X", industry="retail"),
                               people=[Person(id="p", company_id="x", name="P")])
    assert committee_members(account_graph(snapshot), as_of=date(2026, 2, 1)) == []
