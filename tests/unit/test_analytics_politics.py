"""Blocker proximity and coalitions on small committees whose answers are worked out here."""

from __future__ import annotations

import networkx as nx
import pytest

from graphprofile.analytics.politics import blockers, coalitions, sway_graph


def deal(reports=(), influences=(), roles=(), account_roles=()) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_node(("opportunity", "o1"), kind="opportunity")
    G.add_node(("opportunity", "o2"), kind="opportunity")
    G.add_node(("company", "acme"), kind="company")
    for a, b in reports:
        G.add_edge(("person", a), ("person", b), key="reports_to")
    for a, b, s in influences:
        G.add_edge(("person", a), ("person", b), key="influences", strength=s)
    for target, items in ((("opportunity", "o1"), roles), (("company", "acme"), account_roles)):
        for item in items:
            p, role, stance = (item if len(item) == 3 else (*item, "neutral"))
            G.add_node(("person", p), kind="person")
            G.add_edge(("person", p), target, key=f"role:{role}", role=role, stance=stance)
    return G


#        ceo (decides)
#       /    \
#     cfo    cto (decides)
#     |  \      \
#   ivan  amy   sue
# ivan opposes; amy supports; sue is the champion and also influences the ceo.
ORG = dict(
    reports=[("cfo", "ceo"), ("cto", "ceo"), ("ivan", "cfo"), ("amy", "cfo"), ("sue", "cto")],
    influences=[("sue", "ceo", 0.6)],
    roles=[("ceo", "decision_maker"), ("cto", "decision_maker"),
           ("ivan", "technical_evaluator", "opponent"), ("amy", "user", "supporter"),
           ("sue", "champion", "supporter")])


def test_influence_lines_sway_one_way_reporting_lines_both():
    S = sway_graph(deal(reports=[("a", "b")], influences=[("c", "b", 0.5)]))
    assert sorted(S.edges()) == [("a", "b"), ("b", "a"), ("c", "b")]


def test_the_opponent_reaches_both_deciders_and_the_closest_supporters_counter():
    found = blockers(deal(**ORG), "o1")
    assert found["deciders"] == ["ceo", "cto"]
    [ivan] = found["blockers"]
    assert ivan["person_id"] == "ivan" and ivan["roles"] == ["technical_evaluator"]
    assert ivan["paths"] == [
        {"decider": "ceo", "nodes": ["ivan", "cfo", "ceo"], "hops": 2},
        {"decider": "cto", "nodes": ["ivan", "cfo", "ceo", "cto"], "hops": 3}]
    # sue: ceo 1 (influence), cto 1 (reports to her) = 2; amy: ceo 2, cto 3 = 5.
    assert ivan["counters"] == [{"person_id": "sue", "distance": 2, "reaches": 2},
                                {"person_id": "amy", "distance": 5, "reaches": 2}]


def test_an_influence_line_is_not_walked_backwards():
    # The ceo influences ivan; ivan has no line towards the ceo: he reaches no decider.
    G = deal(influences=[("ceo", "ivan", 0.9)],
             roles=[("ceo", "decision_maker"), ("ivan", "blocker", "opponent")])
    assert blockers(G, "o1")["blockers"][0]["paths"] == []


def test_roles_on_other_deals_do_not_count_but_account_wide_ones_do():
    G = deal(reports=[("ivan", "boss"), ("kim", "boss")],
             roles=[("ivan", "blocker")], account_roles=[("boss", "economic_buyer")])
    G.add_edge(("person", "kim"), ("opportunity", "o2"), key="role:decision_maker",
               role="decision_maker", stance="neutral")
    found = blockers(G, "o1")
    assert found["deciders"] == ["boss"]
    assert found["blockers"][0]["paths"] == [{"decider": "boss", "nodes": ["ivan", "boss"],
                                              "hops": 1}]


def test_equal_paths_pick_the_smallest_ids():
    G = deal(reports=[("ivan", "b2"), ("ivan", "b1"), ("b1", "top"), ("b2", "top")],
             roles=[("top", "decision_maker"), ("ivan", "blocker")])
    assert blockers(G, "o1")["blockers"][0]["paths"][0]["nodes"] == ["ivan", "b1", "top"]


def test_an_opposing_decider_is_zero_hops_from_themselves():
    G = deal(roles=[("cfo", "decision_maker", "opponent")])
    [cfo] = blockers(G, "o1")["blockers"]
    assert cfo["paths"] == [{"decider": "cfo", "nodes": ["cfo"], "hops": 0}]
    assert cfo["counters"] == []


def test_unknown_deal_is_refused():
    with pytest.raises(nx.NodeNotFound):
        blockers(deal(), "nope")


def test_two_factions_split_on_the_weak_line_with_their_stances():
    G = deal(influences=[("a", "b", 0.9), ("b", "a", 0.8), ("a", "c", 0.7),
                         ("x", "y", 0.9), ("y", "z", 0.8), ("z", "x", 0.6), ("c", "x", 0.05)],
             roles=[("a", "champion", "supporter"), ("y", "blocker", "opponent")])
    found = coalitions(G)
    assert [c["members"] for c in found] == [["a", "b", "c"], ["x", "y", "z"]]
    assert found[0]["leader"] == "a"  # sends 0.9 + 0.7 inside
    assert found[0]["supporters"] == ["a"] and found[0]["opponents"] == []
    assert found[1]["opponents"] == ["y"] and found[1]["leader"] == "x"  # 0.9 vs 0.8, 0.6


def test_coalitions_of_a_committee_only_use_its_members():
    G = deal(influences=[("a", "b", 0.9), ("b", "c", 0.9)])
    assert [c["members"] for c in coalitions(G, people={"a", "b"})] == [["a", "b"]]
    assert coalitions(G, people={"a"}) == []


def test_no_influence_lines_no_coalitions():
    assert coalitions(deal(reports=[("a", "b")])) == []


def test_five_step_stances_count_as_their_side():
    G = deal(reports=[("ivan", "ceo"), ("mia", "ceo")],
             roles=[("ceo", "decision_maker"), ("ivan", "user", "enemy"),
                    ("mia", "user", "mentor"), ("nat", "user", "non_supporter")])
    found = blockers(G, "o1")
    assert [b["person_id"] for b in found["blockers"]] == ["ivan", "nat"]
    assert found["blockers"][0]["counters"] == [{"person_id": "mia", "distance": 1,
                                                 "reaches": 1}]
