"""Conflict lines, dotted-line reporting, relationship levels and placeholder seats, on
hand-built accounts."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from graphprofile import analytics
from graphprofile.analytics.committee import Template, committee
from graphprofile.analytics.consistency import check
from graphprofile.analytics.levels import relationship_levels
from graphprofile.analytics.politics import blockers, coalitions
from graphprofile.graph import account_graph
from graphprofile.models import (
    AccountSnapshot,
    Colleague,
    Company,
    Influence,
    Opportunity,
    Person,
    Relationship,
    RoleAssignment,
)
from graphprofile.render import orgtree

AS_OF = date(2026, 11, 23)


def person(pid: str, **kw) -> Person:
    return Person(id=pid, company_id="acme", name=pid.title(), **kw)


def account(**kw) -> AccountSnapshot:
    return AccountSnapshot(company=Company(id="acme", name="Acme", industry="banking"), **kw)


def test_a_conflict_line_adds_no_influence_and_no_path():
    # ann works against the ceo (0.9) and bob influences the ceo (0.9); c1 knows ann
    people = [person("ceo"), person("ann", reports_to="ceo"), person("bob", reports_to="ceo")]
    lines = [Influence(source_id="ann", target_id="ceo", strength=0.9, polarity="negative"),
             Influence(source_id="bob", target_id="ceo", strength=0.9)]
    G = account_graph(account(people=people, influence=lines,
                              colleagues=[Colleague(id="c1", name="C", function="sales")],
                              relationships=[Relationship(colleague_id="c1", person_id="ann",
                                                          strength=5, last_contact=AS_OF)]))
    assert G.has_edge(("person", "ann"), ("person", "ceo"), key="conflicts")
    assert not G.has_edge(("person", "ann"), ("person", "ceo"), key="influences")
    scores = analytics.influence_scores(G)
    assert scores["bob"] > scores["ann"]  # only bob's line lifts
    # the only way from c1 to the ceo is ann's reporting line (0.6), not her conflict
    [best] = analytics.warm_paths(G, "ceo", k=1, as_of=AS_OF)
    assert best["nodes"] == ["c1", "ann", "ceo"] and best["score"] == 0.6


def test_polarity_accepts_spellings_and_refuses_the_unknown():
    assert Influence(source_id="a", target_id="b", polarity="conflict").polarity == "negative"
    assert Influence(source_id="a", target_id="b").polarity is None
    with pytest.raises(ValidationError):
        Influence(source_id="a", target_id="b", polarity="sideways")


def test_conflict_toward_a_decider_makes_an_opponent_and_splits_a_coalition():
    # ceo decides o1; ann (no role on the deal) works against the ceo; ann and ceo are
    # otherwise tied by ann's influence on bob and bob's on the ceo
    people = [person("ceo"), person("ann"), person("bob")]
    lines = [Influence(source_id="ann", target_id="ceo", strength=0.8, polarity="negative"),
             Influence(source_id="ann", target_id="bob", strength=0.9),
             Influence(source_id="bob", target_id="ceo", strength=0.9)]
    snap = account(people=people, influence=lines,
                   opportunities=[Opportunity(id="o1", company_id="acme", name="O",
                                              stage="proposal")],
                   roles=[RoleAssignment(person_id="ceo", role="decision_maker",
                                         opportunity_id="o1")])
    G = account_graph(snap)
    found = blockers(G, "o1")
    assert [(b["person_id"], b["conflicts"]) for b in found["blockers"]] == [("ann", ["ceo"])]
    for group in coalitions(G):
        assert not {"ann", "ceo"} <= set(group["members"])  # never in one faction


def test_dotted_lines_are_drawn_and_checked():
    people = [person("ceo"), person("cfo", reports_to="ceo"),
              person("cdo", reports_to="ceo", dotted_line_to=["cfo"]),
              person("ana", reports_to="cfo", dotted_line_to="cfo;gone")]
    G = account_graph(account(people=people))
    assert G.has_edge(("person", "cdo"), ("person", "cfo"), key="dotted_line")
    # the formal tree is untouched: the cdo still reports to the ceo only
    assert [v[1] for _, v, k in G.out_edges(("person", "cdo"), keys=True)
            if k == "reports_to"] == ["ceo"]
    kinds = [(p["kind"], p["people"]) for p in check(G)]
    assert kinds == [("dotted_duplicate", ["ana"]), ("dotted_left", ["ana"])]
    tree = orgtree(G, as_of=AS_OF)
    assert tree["connections"] == [{"from": "person:cfo", "to": "person:ana",
                                    "kind": "dotted_line", "note": ""},
                                   {"from": "person:cfo", "to": "person:cdo",
                                    "kind": "dotted_line", "note": ""}]
    with pytest.raises(ValidationError, match="dotted line to themselves"):
        person("x", dotted_line_to=["x"])


def test_relationship_levels_list_the_largest_gap_first():
    people = [person("ceo"), person("cfo")]
    rels = [Relationship(colleague_id="c1", person_id="ceo", strength=2, target_strength=5),
            Relationship(colleague_id="c2", person_id="ceo", strength=4, target_strength=3),
            Relationship(colleague_id="c1", person_id="cfo", strength=3)]
    G = account_graph(account(people=people, relationships=rels,
                              colleagues=[Colleague(id="c1", name="Kim", function="sales"),
                                          Colleague(id="c2", name="Lou", function="sales")]))
    found = [(r["colleague_id"], r["person_id"], r["strength"], r["target_strength"],
              r["gap"]) for r in relationship_levels(G)]
    assert found == [("c1", "ceo", 2, 5, 3), ("c2", "ceo", 4, 3, 0), ("c1", "cfo", 3, None,
                                                                       None)]
    assert [r["colleague"] for r in relationship_levels(G, person_id="cfo")] == ["Kim"]
    with pytest.raises(ValidationError):
        Relationship(colleague_id="c1", person_id="ceo", strength=2, target_strength=6)


def test_a_placeholder_seat_names_a_missing_role_but_fills_nothing():
    # the deal needs a technical evaluator: only a placeholder seat holds it
    people = [person("ceo"), person("seat", title="Head of IT Architecture",
                                    placeholder=True)]
    snap = account(
        people=people,
        colleagues=[Colleague(id="c1", name="C", function="sales")],
        relationships=[Relationship(colleague_id="c1", person_id="seat", strength=5,
                                    last_contact=AS_OF)],
        opportunities=[Opportunity(id="o1", company_id="acme", name="O", stage="proposal")],
        roles=[RoleAssignment(person_id="ceo", role="decision_maker", opportunity_id="o1",
                              stance="supporter"),
               RoleAssignment(person_id="seat", role="technical_evaluator",
                              opportunity_id="o1")])
    G = account_graph(snap)
    assert analytics.engaged_contacts(G, as_of=AS_OF) == []  # a seat is nobody to engage
    found = committee(G, "o1", as_of=AS_OF, template=Template(hints={"economic_buyer": "CFO"}))
    tech = next(r for r in found["roles"] if r["role"] == "technical_evaluator")
    assert tech["holders"] == []
    assert found["placeholders"] == [
        {"role": "economic_buyer", "hint": "CFO", "label": "CFO — unknown",
         "person_id": None},
        {"role": "champion", "hint": None, "label": "champion — unknown", "person_id": None},
        {"role": "technical_evaluator", "hint": "Head of IT Architecture",
         "label": "Head of IT Architecture — unknown", "person_id": "seat"}]
    assert next(n for n in orgtree(G, as_of=AS_OF)["nodes"]
                if n.get("id") == "person:seat")["placeholder"] is True
