"""Warm paths on tiny accounts; each score is the product of its links, worked out below."""

from __future__ import annotations

import networkx as nx
import pytest

from graphprofile.analytics.paths import introduction_graph, warm_paths
from graphprofile.analytics.settings import AnalyticsSettings
from graphprofile.graph import account_graph
from graphprofile.models import (
    AccountSnapshot,
    Colleague,
    Company,
    Influence,
    Person,
    Relationship,
)

ACME = Company(id="acme", name="Acme", industry="banking")


def snapshot(**kw) -> AccountSnapshot:
    kw.setdefault("colleagues", [
        Colleague(id="c1", name="C1", function="sales"),
        Colleague(id="c2", name="C2", function="presales"),
        Colleague(id="gone", name="G", function="sales", active=False)])
    return AccountSnapshot(company=ACME, **kw)


def person(pid: str, reports_to: str | None = None) -> Person:
    return Person(id=pid, company_id="acme", name=pid, reports_to=reports_to)


def knows(c: str, p: str, s: int) -> Relationship:
    return Relationship(colleague_id=c, person_id=p, strength=s)


def routes(paths: list[dict]) -> list[dict]:
    """Only each path's nodes and score (the strengths are checked in
    test_analytics_decay.py)."""
    return [{"nodes": p["nodes"], "score": p["score"]} for p in paths]


def org() -> nx.MultiDiGraph:
    #   ceo <- cfo <- ctl          c1 knows ctl (5 -> 1.0) and cfo (2 -> 0.4)
    #    ^                          c2 knows ana (4 -> 0.8); ana influences ceo (0.9)
    #   ana                         gone (inactive) knows ceo (5)
    return account_graph(snapshot(
        people=[person("ceo"), person("cfo", "ceo"), person("ctl", "cfo"),
                person("ana", "ceo")],
        influence=[Influence(source_id="ana", target_id="ceo", strength=0.9)],
        relationships=[knows("c1", "ctl", 5), knows("c1", "cfo", 2), knows("c2", "ana", 4),
                       knows("gone", "ceo", 5)]))


def test_best_paths_to_the_ceo_by_hand():
    # c2-ana-ceo: 0.8 * 0.9 (influence, better than ana's reporting line 0.6) = 0.72
    # c1-ctl-cfo-ceo: 1.0 * 0.6 * 0.6 = 0.36
    # c1-cfo-ceo: 0.4 * 0.6 = 0.24
    # (c1-ctl-cfo-ceo-... can't come back; gone is inactive and not a source by default)
    assert routes(warm_paths(org(), "ceo")) == [
        {"nodes": ["c2", "ana", "ceo"], "score": 0.72},
        {"nodes": ["c1", "ctl", "cfo", "ceo"], "score": 0.36},
        {"nodes": ["c1", "cfo", "ceo"], "score": 0.24},
    ]


def test_k_and_sources_restrict_the_answer():
    G = org()
    assert routes(warm_paths(G, "ceo", k=1)) == [{"nodes": ["c2", "ana", "ceo"], "score": 0.72}]
    assert routes(warm_paths(G, "ceo", sources=["gone"])) == [
        {"nodes": ["gone", "ceo"], "score": 1.0}]
    # c1 -> ctl -> cfo -> ceo -> ana: 1.0*0.6*0.6*0.9 = 0.324; c1-cfo-ceo-ana 0.4*.6*.9 = .216
    assert routes(warm_paths(G, "ana", sources=["c1"], k=2)) == [
        {"nodes": ["c1", "ctl", "cfo", "ceo", "ana"], "score": 0.324},
        {"nodes": ["c1", "cfo", "ceo", "ana"], "score": 0.216},
    ]


def test_paths_walk_reporting_lines_down_as_well():
    # c1 -> ctl -> cfo (up): 1.0 * 0.6 = 0.6
    # c2 -> ana -> ceo -> cfo (down from the ceo): 0.8 * 0.9 * 0.6 = 0.432
    # c1 -> cfo directly: 2 / 5 = 0.4
    assert routes(warm_paths(org(), "cfo")) == [
        {"nodes": ["c1", "ctl", "cfo"], "score": 0.6},
        {"nodes": ["c2", "ana", "ceo", "cfo"], "score": 0.432},
        {"nodes": ["c1", "cfo"], "score": 0.4},
    ]


def test_ties_are_broken_by_node_list():
    G = account_graph(snapshot(people=[person("t")],
                               relationships=[knows("c2", "t", 3), knows("c1", "t", 3)]))
    assert routes(warm_paths(G, "t")) == [{"nodes": ["c1", "t"], "score": 0.6},
                                  {"nodes": ["c2", "t"], "score": 0.6}]


def test_unreachable_target_gives_empty_list():
    G = account_graph(snapshot(people=[person("island"), person("known")],
                               relationships=[knows("c1", "known", 5)]))
    assert routes(warm_paths(G, "island")) == []
    assert routes(warm_paths(G, "known", sources=[])) == []


def test_unknown_target_raises():
    with pytest.raises(nx.NodeNotFound, match="'nobody'"):
        warm_paths(org(), "nobody")


def test_no_colleague_to_colleague_hops():
    # colleagues only ever start a path: no edge enters a colleague
    H = introduction_graph(org(), sources=["c1", "c2", "gone"])
    assert all(v[0] == "person" for _, v in H.edges)
    for path in warm_paths(org(), "ceo", k=10):
        assert path["nodes"][0] in {"c1", "c2"}
        assert not set(path["nodes"][1:]) & {"c1", "c2", "gone"}


def test_settings_reweight_links():
    # reporting lines at 0.9: c1-ctl-cfo-ceo = 0.81 beats c2-ana-ceo = 0.72
    best = warm_paths(org(), "ceo", k=1, settings=AnalyticsSettings(reporting_path_weight=0.9))
    assert routes(best) == [{"nodes": ["c1", "ctl", "cfo", "ceo"], "score": 0.81}]
    with pytest.raises(ValueError, match="0"):
        warm_paths(org(), "ceo", k=0)
