"""Influence on tiny person graphs whose order (and values) we can work out by hand: formal
level first, the PageRank network standing, buying roles and the influence lift."""

from __future__ import annotations

import importlib
import random

import networkx as nx
import pytest

from graphprofile.analytics.influence import (
    formal_levels,
    influence,
    influence_scores,
    network_scores,
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
    # The walk. Equal priors 1/3, alpha 0.85, the boss is dangling (teleports by priors):
    #   a = 0.15/3 + 0.85*boss/3, boss = 1 - 2a  =>  a(1 + 0.85*2/3) = 0.05 + 0.85/3
    #   a = 0.33333/1.56667 = 0.21277, boss = 0.57447, a/boss = 0.37037
    P = tree(("ann", "boss"), ("bob", "boss"))
    assert network_scores(P) == pytest.approx({"ann": 0.37037, "bob": 0.37037, "boss": 1.0},
                                              abs=1e-5)
    # Levels 0 and 1. Standing: boss 0 + 0.5 * 1 = 0.5, report -1 + 0.5 * 0.37037 =
    # -0.81481; score 0.5 ** (0.5 + 0.81481) = 0.40204
    result = influence(P)
    assert result == {
        "boss": {"score": 1.0, "rank": 1},
        "ann": {"score": 0.402, "rank": 2},
        "bob": {"score": 0.402, "rank": 3},  # tie with ann, broken by id
    }
    assert list(result) == ["boss", "ann", "bob"]
    assert influence_scores(P)["ann"] == pytest.approx(0.5 ** (0.5 + 1 - 0.5 * 0.37037),
                                                       abs=1e-5)


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
    walk = network_scores(P)
    assert walk["vp"] == pytest.approx(1 / 1.01)
    # Counted in levels the head is far ahead: network standing head 9.08/9.5 = 0.95579,
    # vp 1: standing 0.47789 against -1 + 0.5 = -0.5, vp scores 0.5 ** 0.97789
    result = influence(P)
    assert [pid for pid in result][:2] == ["head", "vp"]
    assert result["vp"]["score"] == pytest.approx(0.5 ** (0.5 * 9.08 / 9.5 + 0.5), abs=2e-4)
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
    assert network_scores(account_graph(snap)) == {"x": 1.0, "y": pytest.approx(0.1)}
    # counted in levels: c_level 0, junior 6; standing x 0.5, y -6 + 0.05: 0.5 ** 6.45
    assert influence_scores(account_graph(snap)) == {"x": 1.0,
                                                     "y": pytest.approx(0.5 ** 6.45)}
    # a decision-maker role adds 0.5 to the junior's prior (walk 0.6 / 1.0) and
    # 1.5 * 0.5 = 0.75 levels to the standing: -6 + 0.3 + 0.75 = -4.95, 0.5 ** 5.45
    snap.roles = [RoleAssignment(person_id="y", role="decision_maker", opportunity_id="o")]
    assert network_scores(account_graph(snap))["y"] == pytest.approx(0.6)
    assert influence_scores(account_graph(snap))["y"] == pytest.approx(0.5 ** 5.45)


def test_settings_change_the_walk():
    P = tree(("ann", "boss"), ("bob", "boss"))
    # alpha 0.5: a = 1/6 + 0.5*boss/3, boss = 1 - 2a => a(1 + 1/3) = 1/6 + 1/6, a = 0.25,
    # boss = 0.5, a/boss = 0.5
    low = AnalyticsSettings(pagerank_damping=0.5)
    assert network_scores(P, settings=low)["ann"] == pytest.approx(0.5)
    # standing boss 0.5, ann -1 + 0.25: 0.5 ** 1.25
    assert influence_scores(P, settings=low)["ann"] == pytest.approx(0.5 ** 1.25)
    # a gentler decay: 0.8 ** 1.25
    soft = AnalyticsSettings(pagerank_damping=0.5, level_decay=0.8)
    assert influence_scores(P, settings=soft)["ann"] == pytest.approx(0.8 ** 1.25)


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


# --- Formal level across the whole account (issue 21) ---------------------------------

def vp_and_supervisor_account() -> nx.DiGraph:
    """ceo <- vp_sales <- 3 reps; ceo <- vp_ops <- ops_mgr <- sup <- 20 technicians."""
    return tree(("vp_sales", "ceo"), *[(f"rep{i}", "vp_sales") for i in range(3)],
                ("vp_ops", "ceo"), ("ops_mgr", "vp_ops"), ("sup", "ops_mgr"),
                *[(f"tech{i:02d}", "sup") for i in range(20)])


def test_vp_with_three_reports_outranks_a_supervisor_of_twenty_in_another_branch():
    P = vp_and_supervisor_account()
    # The walk alone (the old score) puts the supervisor of twenty first among them:
    # sup collects 20 technicians' mass, vp_sales only 3 reps'.
    walk = network_scores(P)
    assert walk["sup"] > walk["vp_sales"]
    # Levels: vp_sales 1, sup 3 (distance from the top, no titles needed)
    levels = formal_levels(P)
    assert (levels["vp_sales"], levels["sup"]) == (1.0, 3.0)
    # standing vp_sales >= -1, sup <= -3 + 0.5: at least 1.5 levels apart, and the
    # floor only lifts sup's managers, so vp_sales scores at least 2 ** 1.5 times sup
    scores = influence_scores(P)
    assert scores["vp_sales"] / scores["sup"] >= 2 ** 1.5
    ranks = {p: r["rank"] for p, r in influence(P).items()}
    assert ranks["vp_sales"] < ranks["sup"]
    assert [p for p, _ in sorted(ranks.items(), key=lambda kv: kv[1])][:3] == [
        "ceo", "vp_ops", "vp_sales"]  # vp_ops: floored above ops_mgr, larger network


def test_titles_place_people_whose_manager_is_unknown():
    # The CRM knows the VP's title but not whom the supervisor reports to: the supervisor
    # is placed by the title (senior, level 4), the VP (level 1) still far above.
    P = tree(*[(f"tech{i:02d}", "sup") for i in range(20)], ("rep", "vp"))
    P.nodes["vp"]["title"] = "Vice President of Sales"
    P.nodes["sup"]["title"] = "Production Supervisor"
    levels = formal_levels(P)
    # Each tree's offset is the median of (seniority level - depth) of its titled
    # people: vp tree 1 - 0 = 1, sup tree 4 - 0 = 4. Untitled rep: 1 + 1 = 2; techs 5.
    assert levels == {"rep": 2.0, "sup": 4.0, "vp": 1.0,
                      **{f"tech{i:02d}": 5.0 for i in range(20)}}
    ranks = {p: r["rank"] for p, r in influence(P).items()}
    assert ranks["vp"] == 1 and ranks["rep"] < ranks["sup"]


def test_formal_levels_blend_title_and_depth_and_never_rise_above_the_manager():
    P = tree(("cfo", "ceo"), ("mm", "ceo"), ("ana", "mm"), ("ctl", "cfo"))
    for pid, title in (("ceo", "总裁"), ("cfo", "Chief Financial Officer"),
                       ("mm", "市场经理"), ("ana", "Marketing Analyst"),
                       ("ctl", "Vice President, Controlling")):
        P.nodes[pid]["title"] = title
    # seniority levels: ceo 0, cfo 0, mm 3 (经理), ana 5, ctl 1; minus depth: 0, -1, 2, 3,
    # -1: median 0 = the offset. level = 0.25 * seniority + 0.75 * depth:
    # ceo 0, cfo 0.75, mm 0.75 + 0.75 = 1.5, ana 1.25 + 1.5 = 2.75,
    # ctl 0.25 + 1.5 = 1.75 (a "VP" under the CFO: not above the CFO's 0.75 anyway)
    assert formal_levels(P) == pytest.approx(
        {"ana": 2.75, "ceo": 0.0, "cfo": 0.75, "ctl": 1.75, "mm": 1.5})
    # given seniority wins over the title; a senior title never lifts above the manager
    P.nodes["ctl"]["seniority"] = "c_level"
    assert formal_levels(P)["ctl"] == pytest.approx(1.5)  # 0 - 2: offset -0.5? see below
    # (offsets now 0, -1, 2, 3, -2: median 0; ctl 0.25 * 0 + 0.75 * 2 = 1.5 >= cfo 0.75)
    tight = AnalyticsSettings(title_weight=1.0)
    assert formal_levels(P, settings=tight)["ctl"] == formal_levels(P, settings=tight)["cfo"]
    # without titles read and nobody's seniority given: distance from the top
    del P.nodes["ctl"]["seniority"]
    off = AnalyticsSettings(infer_seniority_from_title=False)
    assert formal_levels(P, settings=off) == {"ana": 2.0, "ceo": 0.0, "cfo": 1.0,
                                              "ctl": 2.0, "mm": 1.0}


def test_an_untitled_tree_hangs_at_the_accounts_median_level():
    # Titled singletons at levels 1, 3 and 5 (median 3); an untitled pair x <- y is
    # placed so its deepest person sits at 3: x at 2, y at 3.
    P = nx.DiGraph()
    for pid, title in (("a", "VP Sales"), ("b", "IT Manager"), ("c", "Data Analyst")):
        P.add_node(pid, title=title)
    P.add_edge("y", "x", reports_to=True)
    assert formal_levels(P) == {"a": 1.0, "b": 3.0, "c": 5.0, "x": 2.0, "y": 3.0}
    # no seniority anywhere: plain distance from the top
    assert formal_levels(tree(("y", "x"), ("z", "y"))) == {"x": 0.0, "y": 1.0, "z": 2.0}


def test_formal_levels_survive_a_reporting_loop():
    P = tree(("a", "b"), ("b", "c"), ("c", "a"), ("d", "a"))
    # the loop a -> b -> c -> a has no top: its smallest id starts a tree of its own
    # (a 0, its report c 1, then b 2; d, a's report, 1)
    assert formal_levels(P) == {"a": 0.0, "b": 2.0, "c": 1.0, "d": 1.0}
    assert max(influence_scores(P).values()) == 1.0


STRIPPED = AnalyticsSettings(network_levels=0.0, role_levels=0.0)  # levels and lines only


def lift_account(strength: float) -> nx.DiGraph:
    """ceo <- vpa <- d, ceo <- vpb <- e; d influences the ceo with ``strength``."""
    P = tree(("vpa", "ceo"), ("vpb", "ceo"), ("d", "vpa"), ("e", "vpb"))
    P.add_edge("d", "ceo", influence=strength)
    return P


def test_strong_influence_lifts_a_person_above_formal_peers_by_the_documented_amount():
    # Span 3: a line of strength s puts d at least 3 * (1 - s) levels below the ceo (0).
    # s = 0.6: d = max(-2, -1.2) = -1.2: above e (-2, a formal peer), below the vps (-1).
    weak = influence_scores(lift_account(0.6), settings=STRIPPED)
    assert weak == pytest.approx({"ceo": 1.0, "vpa": 0.5, "vpb": 0.5,
                                  "d": 0.5 ** 1.2, "e": 0.25})
    # s = 0.7 > 1 - 1/3: d = -0.9, past vpb (one level below the ceo); vpa, d's manager,
    # is floored to 1.01 times d
    strong = influence_scores(lift_account(0.7), settings=STRIPPED)
    assert strong == pytest.approx({"ceo": 1.0, "vpa": 1.01 * 0.5 ** 0.9,
                                    "vpb": 0.5, "d": 0.5 ** 0.9, "e": 0.25})
    assert list(influence(lift_account(0.7), settings=STRIPPED)) == [
        "ceo", "vpa", "d", "vpb", "e"]
    # the span is the parameter that says so: span 1.5 needs only s > 1/3 to pass vpb
    short = AnalyticsSettings(network_levels=0.0, role_levels=0.0, influence_span=1.5)
    assert list(influence(lift_account(0.4), settings=short)) == [
        "ceo", "vpa", "d", "vpb", "e"]
    # with the default network and role weights the lift still puts d above its peer e
    # and, at 0.9, above vpb
    ranks = {p: r["rank"] for p, r in influence(lift_account(0.9)).items()}
    assert ranks["d"] < ranks["vpb"] < ranks["e"]
    assert ranks["vpa"] < ranks["d"]  # a manager still above their best report


def test_influence_lifts_chain():
    # x advises d (0.9), d advises the ceo (0.9): d -0.3 levels, x -0.6 (past the vps)
    P = lift_account(0.9)
    P.add_edge("x", "d", influence=0.9)
    P.add_edge("x", "vpb", reports_to=True)
    scores = influence_scores(P, settings=STRIPPED)
    assert scores["d"] == pytest.approx(0.5 ** 0.3)
    assert scores["x"] == pytest.approx(0.5 ** 0.6)
    assert scores["vpb"] == pytest.approx(1.01 * 0.5 ** 0.6)  # floored above x


def test_a_decision_maker_moves_within_a_level_but_not_past_a_full_level():
    # three vps; the junior-most by id holds the decision-maker role: 0.75 levels
    P = tree(("va", "ceo"), ("vb", "ceo"), ("vc", "ceo"), ("m", "va"))
    P.nodes["vc"]["roles"] = ["decision_maker"]
    P.nodes["m"]["roles"] = ["decision_maker"]
    order = list(influence(P, settings=AnalyticsSettings(network_levels=0.0)))
    # vc -1 + 0.75 = -0.25 first among the vps; m -2 + 0.75 = -1.25 stays below vb (-1)
    assert order == ["ceo", "vc", "va", "vb", "m"]


def test_manager_stays_above_best_report_whatever_lifts_the_report():
    P = vp_and_supervisor_account()
    P.add_edge("tech00", "ceo", influence=1.0)  # a technician with the CEO's ear
    result = influence(P)
    for report, manager in [("tech00", "sup"), ("sup", "ops_mgr"), ("ops_mgr", "vp_ops"),
                            ("vp_ops", "ceo"), ("rep0", "vp_sales")]:
        assert result[manager]["rank"] < result[report]["rank"]
        assert result[manager]["score"] >= result[report]["score"]


def test_ties_fall_to_the_person_id_and_input_order_does_not_matter():
    edges = [("b2", "b"), ("a2", "a"), ("a", "top"), ("b", "top"), ("a1", "a"), ("b1", "b")]
    forward, backward = tree(*edges), nx.DiGraph()
    backward.add_nodes_from(sorted(forward, reverse=True))
    backward.add_edges_from(reversed(edges), reports_to=True)
    assert list(influence(forward).items()) == list(influence(backward).items())
    assert list(influence(forward)) == ["top", "a", "b", "a1", "a2", "b1", "b2"]
    scores = influence_scores(forward)
    assert scores["a"] == scores["b"] and scores["a1"] == scores["b2"]


@pytest.mark.parametrize("values, name", [
    ({"level_decay": 1.0}, "level_decay"), ({"influence_span": -1}, "influence_span"),
    ({"title_weight": 2}, "title_weight"), ({"seniority_levels": {"boss": 0}},
                                            "seniority_levels.boss"),
])
def test_model_parameters_are_checked(values, name):
    with pytest.raises(ValueError, match=name):
        AnalyticsSettings.from_mapping(values)


def test_model_parameters_come_from_toml(tmp_path):
    path = tmp_path / "analytics.toml"
    path.write_text("[analytics]\nlevel_decay = 0.6\ninfluence_span = 2\n"
                    "[analytics.seniority_levels]\nsenior = 3.5\n")
    s = AnalyticsSettings.from_toml(path)
    assert (s.level_decay, s.influence_span) == (0.6, 2)
    assert (s.seniority_levels["senior"], s.seniority_levels["vp"]) == (3.5, 1.0)
