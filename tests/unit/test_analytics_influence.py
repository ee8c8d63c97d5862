"""Influence PageRank on tiny person graphs whose order (and some values) we can work out."""

from __future__ import annotations

import importlib
import random

import networkx as nx
import pytest

from graphprofile.analytics.influence import (
    influence,
    influence_scores,
    power_graph,
    reporting_loops,
)
from graphprofile.analytics.settings import AnalyticsSettings
from graphprofile.graph import account_graph
from graphprofile.models import (
    AccountSnapshot,
    Company,
    Influence,
    Opportunity,
    Person,
    RoleAssignment,
)

# The module (the package's ``influence`` name is the function).
influence_module = importlib.import_module("graphprofile.analytics.influence")

ACME = Company(id="acme", name="Acme", industry="banking")


def tree(*lines: tuple[str, str]) -> nx.DiGraph:
    """A person graph from (report, manager) pairs."""
    P = nx.DiGraph()
    P.add_edges_from(lines, reports_to=True)
    return P


def test_two_reports_and_a_boss_by_hand():
    # Equal priors 1/3, alpha 0.85, the boss is dangling (teleports by the priors):
    #   a = 0.15/3 + 0.85*boss/3, boss = 1 - 2a  =>  a(1 + 0.85*2/3) = 0.05 + 0.85/3
    #   a = 0.33333/1.56667 = 0.21277, boss = 0.57447, a/boss = 0.37037
    result = influence(tree(("ann", "boss"), ("bob", "boss")))
    assert result == {
        "boss": {"score": 1.0, "rank": 1},
        "ann": {"score": 0.3704, "rank": 2},
        "bob": {"score": 0.3704, "rank": 3},  # tie with ann, broken by id
    }
    assert list(result) == ["boss", "ann", "bob"]


def test_plain_reporting_tree_manager_outranks_reports_and_head_is_first():
    #        head
    #      /      \
    #     m1       m2
    #    /  \       |
    #   s1  s2     s3
    lines = [("m1", "head"), ("m2", "head"), ("s1", "m1"), ("s2", "m1"), ("s3", "m2")]
    result = influence(tree(*lines))
    assert result["head"] == {"score": 1.0, "rank": 1}
    for report, manager in lines:
        assert result[manager]["rank"] < result[report]["rank"]
        assert result[manager]["score"] > result[report]["score"]
    assert sorted(r["rank"] for r in result.values()) == [1, 2, 3, 4, 5, 6]


def test_wide_team_lead_does_not_outrank_the_head():
    # vp has ten reports, the head only vp. Plain PageRank (b = the teleport+dangling share
    # of each person): vp = b + 0.85*10b = 9.5b, head = b + 0.85*9.5b = 9.08b < vp.
    # The hierarchy floor lifts the head to 1.01 * vp.
    P = tree(("vp", "head"), *[(f"s{i:02d}", "vp") for i in range(10)])
    result = influence(P)
    assert [pid for pid in result][:2] == ["head", "vp"]
    assert result["vp"]["score"] == pytest.approx(1 / 1.01, abs=1e-4)
    assert result["s00"]["score"] < result["vp"]["score"]


def test_strong_influence_edge_lifts_its_source_above_an_identical_peer():
    # ann, bob and cat report to head; ann strongly influences cat. cat's walk now splits
    # 1 : 0.9 between head and ann, so ann collects 0.9/1.9 of cat's mass and bob nothing.
    P = tree(("ann", "head"), ("bob", "head"), ("cat", "head"))
    P.add_edge("ann", "cat", influence=0.9)
    result = influence(P)
    assert result["ann"]["score"] > result["bob"]["score"]
    assert result["ann"]["rank"] == 2
    assert result["head"]["rank"] == 1
    # without the edge ann and bob are identical: same score, order by id
    plain = influence(tree(("ann", "head"), ("bob", "head"), ("cat", "head")))
    assert plain["ann"]["score"] == plain["bob"]["score"] == plain["cat"]["score"]
    assert [plain[p]["rank"] for p in ("ann", "bob", "cat")] == [2, 3, 4]


def test_influence_cycle_does_not_crash():
    # a -> b -> c -> a with equal strengths: symmetric, all equal, all 1.0
    P = nx.DiGraph()
    P.add_edges_from([("a", "b"), ("b", "c"), ("c", "a")], influence=0.5)
    result = influence(P)
    assert {p: r["score"] for p, r in result.items()} == {"a": 1.0, "b": 1.0, "c": 1.0}
    assert [r["rank"] for r in result.values()] == [1, 2, 3]


def test_reporting_loop_in_bad_data_scores_and_is_reported():
    snap = AccountSnapshot(company=ACME, people=[
        Person(id="a", company_id="acme", name="A", reports_to="b"),
        Person(id="b", company_id="acme", name="B", reports_to="c"),
        Person(id="c", company_id="acme", name="C", reports_to="a"),
        Person(id="d", company_id="acme", name="D", reports_to="a"),
        Person(id="e", company_id="acme", name="E"),
    ])
    G = account_graph(snap)
    scores = influence_scores(G)
    assert sorted(scores) == ["a", "b", "c", "d", "e"]
    assert all(0 <= s <= 1 for s in scores.values())
    assert max(scores.values()) == 1.0
    assert scores["a"] > scores["d"]  # the floor still applies from outside the loop
    assert reporting_loops(G) == [["a", "b", "c"]]


def test_reporting_loops_empty_for_a_forest_and_sorted_when_many():
    assert reporting_loops(tree(("a", "b"), ("c", "b"))) == []
    P = tree(("y", "z"), ("z", "y"), ("b", "a"), ("a", "b"))
    assert reporting_loops(P) == [["a", "b"], ["y", "z"]]


def test_empty_account_gives_empty_dict():
    assert influence(account_graph(AccountSnapshot(company=ACME))) == {}
    assert influence_scores(nx.DiGraph()) == {}
    assert reporting_loops(nx.DiGraph()) == []


def test_seniority_and_role_priors_personalise_the_walk():
    # two unconnected people: each keeps exactly its share of the priors,
    # c_level 1.0 vs junior 0.1 -> junior scores 0.1
    snap = AccountSnapshot(
        company=ACME,
        people=[Person(id="x", company_id="acme", name="X", seniority="c_level"),
                Person(id="y", company_id="acme", name="Y", seniority="junior")],
        opportunities=[Opportunity(id="o", company_id="acme", name="O", stage="lead")])
    assert influence_scores(account_graph(snap)) == {"x": 1.0, "y": pytest.approx(0.1)}
    # a decision-maker role adds 0.5 to the junior: 0.6 / 1.0
    snap.roles = [RoleAssignment(person_id="y", role="decision_maker", opportunity_id="o")]
    assert influence_scores(account_graph(snap))["y"] == pytest.approx(0.6)


def test_settings_change_the_walk():
    P = tree(("ann", "boss"), ("bob", "boss"))
    # alpha 0.5: a = 1/6 + 0.5*boss/3, boss = 1 - 2a => a(1 + 1/3) = 1/6 + 1/6, a = 0.25,
    # boss = 0.5, a/boss = 0.5
    low = AnalyticsSettings(pagerank_damping=0.5)
    assert influence_scores(P, settings=low)["ann"] == pytest.approx(0.5)


def test_power_graph_links_reports_up_and_influenced_to_influencer():
    snap = AccountSnapshot(
        company=ACME,
        people=[Person(id="boss", company_id="acme", name="B"),
                Person(id="ann", company_id="acme", name="A", reports_to="boss")],
        influence=[Influence(source_id="ann", target_id="boss", strength=0.4),
                   Influence(source_id="boss", target_id="ann", strength=0.0)])
    H = power_graph(account_graph(snap))
    # ann -> boss (reporting, 1.0); boss -> ann (boss is influenced by ann, 0.4);
    # the zero-strength line adds nothing
    assert sorted(H.edges(data="weight")) == [("ann", "boss", 1.0), ("boss", "ann", 0.4)]


@pytest.mark.parametrize("n", [2, 40, 249, 251, 400])
def test_direct_solve_and_power_iteration_agree(monkeypatch, n):
    # Up to DIRECT_SOLVE_MAX people the walk is solved as one linear system, above it by
    # power iteration: force each on the same account (a reporting tree, influence lines
    # that close loops, people with roles) and compare every score.
    rng = random.Random(n)
    P = nx.DiGraph()
    people = [f"p{i:03d}" for i in range(n)]
    seniorities = ["c_level", "vp", "director", "manager", "individual", None]
    for i, pid in enumerate(people):
        P.add_node(pid, seniority=rng.choice(seniorities),
                   roles=["champion"] if rng.random() < 0.1 else [])
        if i and rng.random() < 0.95:  # a few more roots: dangling people
            P.add_edge(pid, people[rng.randrange(i)], reports_to=True)
    for _ in range(n // 5):
        u, v = rng.sample(people, 2)
        P.add_edge(u, v, influence=rng.choice([0.2, 0.5, 0.9]))
    monkeypatch.setattr(influence_module, "DIRECT_SOLVE_MAX", n)
    direct = influence_scores(P)
    monkeypatch.setattr(influence_module, "DIRECT_SOLVE_MAX", n - 1)
    iterated = influence_scores(P)
    assert list(direct) == list(iterated) == sorted(people)
    assert max(abs(direct[p] - iterated[p]) for p in people) < 1e-8
    assert max(direct.values()) == 1.0
