"""Bus factor and departure what-if on tiny accounts whose answers are worked out below."""

from __future__ import annotations

from datetime import date
from itertools import combinations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphprofile.analytics.paths import warm_paths
from graphprofile.analytics.resilience import bus_factor, departure

TODAY = date(2026, 6, 1)


def account(knows=(), reports=(), influences=(), deciders=(), inactive=()) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for c, p, *strength in knows:
        G.add_node(("colleague", c), kind="colleague", active=c not in inactive)
        G.add_node(("person", p), kind="person")
        G.add_edge(("colleague", c), ("person", p), key="knows",
                   strength=strength[0] if strength else 4)
    for a, b in reports:
        G.add_nodes_from([("person", a), ("person", b)], kind="person")
        G.add_edge(("person", a), ("person", b), key="reports_to")
    for a, b, s in influences:
        G.add_nodes_from([("person", a), ("person", b)], kind="person")
        G.add_edge(("person", a), ("person", b), key="influences", strength=s)
    for p in deciders:
        G.add_node(("person", p), kind="person")
        G.add_edge(("person", p), ("company", "acme"), key="role:decision_maker",
                   role="decision_maker")
    return G


def test_a_bottleneck_person_is_never_cut_only_colleagues_are():
    # c1 -> a, c2 -> b; a and b both report to m, who reports to the boss: every path
    # runs through m, but m is a customer person, so both colleagues must go.
    G = account(knows=[("c1", "a"), ("c2", "b")],
                reports=[("a", "m"), ("b", "m"), ("m", "boss")], deciders=["boss"])
    assert bus_factor(G)["targets"] == [{"person_id": "boss", "size": 2, "cut": ["c1", "c2"]}]


def test_one_colleague_with_two_routes_is_still_one():
    G = account(knows=[("c1", "boss"), ("c1", "ann")], reports=[("ann", "boss")],
                deciders=["boss"])
    assert bus_factor(G) == {"size": 1, "targets": [
        {"person_id": "boss", "size": 1, "cut": ["c1"]}]}


def test_no_warm_path_today_is_size_zero_and_the_account_takes_the_smallest():
    G = account(knows=[("c1", "ann"), ("c2", "ann")], reports=[("ann", "boss")],
                deciders=["boss", "island"])
    assert bus_factor(G) == {"size": 0, "targets": [
        {"person_id": "boss", "size": 2, "cut": ["c1", "c2"]},
        {"person_id": "island", "size": 0, "cut": []}]}


def test_a_placeholder_seat_is_no_target():
    # "the CFO, name unknown" holds economic buyer: an empty seat fills no role, so the
    # account's size is the boss's 1, not the seat's 0.
    G = account(knows=[("c1", "boss")], deciders=["boss", "seat"])
    G.nodes[("person", "seat")]["placeholder"] = True
    assert bus_factor(G) == {"size": 1, "targets": [
        {"person_id": "boss", "size": 1, "cut": ["c1"]}]}


def test_inactive_colleagues_do_not_count_as_paths_do_not_walk_from_them():
    G = account(knows=[("c1", "boss"), ("gone", "boss")], deciders=["boss"],
                inactive={"gone"})
    assert bus_factor(G)["targets"][0]["cut"] == ["c1"]


def test_an_account_without_key_persons_has_no_size():
    assert bus_factor(account(knows=[("c1", "ann")])) == {"size": None, "targets": []}


def test_influence_lines_carry_paths_both_ways():
    # c1 knows ann, who influences the boss; c2 knows the boss's report bob.
    G = account(knows=[("c1", "ann"), ("c2", "bob")], influences=[("ann", "boss", 0.5)],
                reports=[("bob", "boss")], deciders=["boss"])
    assert bus_factor(G)["targets"][0] == {"person_id": "boss", "size": 2,
                                           "cut": ["c1", "c2"]}


def _reachable(G: nx.MultiDiGraph, target: str, without: set[str]) -> bool:
    colleagues = sorted(n[1] for n in G if n[0] == "colleague")
    sources = [c for c in colleagues if c not in without]
    return bool(sources) and bool(warm_paths(G, target, sources=sources, k=1))


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_the_cut_is_a_smallest_set_that_leaves_no_warm_path(data):
    people = ["p0", "p1", "p2", "p3", "boss"]
    colleagues = ["c0", "c1", "c2", "c3"]
    knows = data.draw(st.lists(st.tuples(st.sampled_from(colleagues), st.sampled_from(people)),
                               max_size=7, unique=True))
    reports = data.draw(st.lists(st.tuples(st.sampled_from(people), st.sampled_from(people))
                                 .filter(lambda e: e[0] != e[1]), max_size=6, unique=True))
    G = account(knows=knows, reports=reports, deciders=["boss"])
    target = bus_factor(G)["targets"][0]
    present = sorted(n[1] for n in G if n[0] == "colleague")
    if not _reachable(G, "boss", set()):
        assert target == {"person_id": "boss", "size": 0, "cut": []}
        return
    assert target["size"] == len(target["cut"]) >= 1
    assert not _reachable(G, "boss", set(target["cut"]))  # the cut works
    for smaller in combinations(present, target["size"] - 1):
        assert _reachable(G, "boss", set(smaller))  # and nothing smaller does


def test_the_champion_leaving_takes_the_only_path_to_the_boss():
    # c1 knows ann (4 -> 0.8) and carol weakly (1 -> 0.2); ann reports to the boss (0.6),
    # carol to the cfo; the boss and the cfo decide.
    G = account(knows=[("c1", "ann"), ("c1", "carol", 1)],
                reports=[("ann", "boss"), ("carol", "cfo")], deciders=["boss", "cfo"])
    what = departure(G, "ann", as_of=TODAY)
    assert what["engaged_contacts"] == {"before": 1, "after": 0, "lost": ["ann"]}
    assert what["unreachable"] == ["boss"]
    boss, cfo = what["warm_paths"]
    assert boss == {"person_id": "boss", "before": {"nodes": ["c1", "ann", "boss"],
                                                    "score": 0.48, "strength": 4,
                                                    "effective_strength": 4.0},
                    "after": None, "lost": True}
    assert cfo["person_id"] == "cfo" and cfo["lost"] is False
    assert cfo["before"] == cfo["after"] == {"nodes": ["c1", "carol", "cfo"], "score": 0.12,
                                             "strength": 1, "effective_strength": 1.0}
    coverage = what["influence_coverage"]
    assert coverage["before"] > 0 and coverage["after"] == 0.0
    assert coverage["change"] == -coverage["before"]


def test_a_departure_with_a_second_route_only_weakens():
    # Two routes to the boss: via ann (0.8 * 0.6 = 0.48) and via bob (0.6 * 0.6 = 0.36).
    G = account(knows=[("c1", "ann"), ("c2", "bob", 3)],
                reports=[("ann", "boss"), ("bob", "boss")], deciders=["boss"])
    what = departure(G, "ann", as_of=TODAY)
    assert what["unreachable"] == []
    [boss] = what["warm_paths"]
    assert boss["after"] == {"nodes": ["c2", "bob", "boss"], "score": 0.36, "strength": 3,
                             "effective_strength": 3.0}
    assert boss["lost"] is True
    assert what["engaged_contacts"] == {"before": 2, "after": 1, "lost": ["ann"]}


def test_someone_off_every_path_costs_no_path():
    G = account(knows=[("c1", "ann"), ("c1", "dan")], reports=[("ann", "boss")],
                deciders=["boss"])
    what = departure(G, "dan", as_of=TODAY)
    assert what["unreachable"] == [] and what["warm_paths"][0]["lost"] is False


def test_departure_of_a_stranger_is_refused():
    with pytest.raises(nx.NodeNotFound):
        departure(account(knows=[("c1", "ann")]), "nobody", as_of=TODAY)
