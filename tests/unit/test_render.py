"""The org chart's nodes and edges, as pyvis's undirected network would have them."""

from __future__ import annotations

from datetime import date

import pytest

from graphprofile.graph import account_graph
from graphprofile.models import (
    AccountSnapshot,
    Colleague,
    Company,
    Influence,
    Person,
    Relationship,
)
from graphprofile.render import _Chart, orgchart


def test_a_node_once_and_an_edge_once_per_relation_and_pair_either_way_round():
    chart = _Chart()
    chart.add_node("a", label="A", shape="dot")
    chart.add_node("a", label="again", shape="box")
    chart.add_node("b", label="", shape="dot")
    chart.add_edge("a", "b", relation="reports_to")
    chart.add_edge("b", "a", relation="reports_to")
    chart.add_edge("b", "a", relation="influences")
    assert [(n["id"], n["label"], n["shape"]) for n in chart.nodes] == [
        ("a", "A", "dot"), ("b", "b", "dot")]  # no label: the id, as pyvis does
    assert chart.edges == [{"relation": "reports_to", "from": "a", "to": "b"},
                           {"relation": "influences", "from": "b", "to": "a"}]
    with pytest.raises(ValueError, match="not in the chart"):
        chart.add_edge("a", "nobody")


def test_every_line_of_an_account_is_drawn_once():
    # Ann reports to the boss and influences them: both lines are drawn.
    people = [Person(id="boss", company_id="acme", name="Boss"),
              Person(id="ann", company_id="acme", name="Ann", reports_to="boss"),
              Person(id="bob", company_id="acme", name="Bob", reports_to="boss")]
    snap = AccountSnapshot(
        company=Company(id="acme", name="Acme", industry="retail"), people=people,
        influence=[Influence(source_id="ann", target_id="bob", strength=0.5),
                   Influence(source_id="ann", target_id="boss", strength=0.9)],
        colleagues=[Colleague(id="c1", name="Cat", function="sales")],
        relationships=[Relationship(colleague_id="c1", person_id="ann", strength=4)])
    chart = orgchart(account_graph(snap), as_of=date(2026, 1, 1))
    drawn = sorted((e["from"], e["to"], e["relation"]) for e in chart["edges"])
    assert drawn == [("colleague:c1", "person:ann", "knows"),
                     ("person:ann", "person:bob", "influences"),
                     ("person:ann", "person:boss", "influences"),
                     ("person:boss", "person:ann", "reports_to"),
                     ("person:boss", "person:bob", "reports_to")]
    assert chart["counts"] == {"nodes": 4, "edges": 5, "people": 3, "colleagues": 1}
