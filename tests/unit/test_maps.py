"""The committee map and warm-path layouts on tiny hand-built account graphs."""

from __future__ import annotations

from datetime import date

import networkx as nx

from graphprofile import analytics, maps

AS_OF = date(2026, 11, 23)


def _deal() -> nx.MultiDiGraph:
    """ceo decides; vp (member) reports to cfo (not a member) who reports to ceo; eng
    (member) reports to vp; c1 knows eng well; nobody knows the ceo."""
    G = nx.MultiDiGraph()
    G.add_node(("opportunity", "o1"), kind="opportunity", stage="proposal")
    G.add_node(("colleague", "c1"), kind="colleague", name="Cleo", active=True)
    for pid, name in [("ceo", "Ceo <script>"), ("cfo", "Cfo"), ("vp", "Vp"), ("eng", "Eng")]:
        G.add_node(("person", pid), kind="person", name=name, title=f"{name} title")
    for a, b in [("cfo", "ceo"), ("vp", "cfo"), ("eng", "vp")]:
        G.add_edge(("person", a), ("person", b), key="reports_to")
    G.add_edge(("colleague", "c1"), ("person", "eng"), key="knows", strength=5)
    for pid, role, stance in [("ceo", "decision_maker", "neutral"),
                              ("vp", "champion", "supporter"),
                              ("eng", "technical_evaluator", "opponent")]:
        G.add_edge(("person", pid), ("opportunity", "o1"), key=f"role:{role}", role=role,
                   stance=stance)
    return G


def _overlap(a: dict, b: dict) -> bool:
    return (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
            and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"])


def test_members_chain_and_rows():
    m = maps.committee_map(_deal(), "o1", as_of=AS_OF)
    kinds = {n["key"]: n["kind"] for n in m["nodes"]}
    # nobody holds the economic buyer, a required role: an empty box on the top row
    assert kinds == {"person:ceo": "member", "person:vp": "member", "person:eng": "member",
                     "person:cfo": "chain", "colleague:c1": "colleague",
                     "placeholder:economic_buyer": "placeholder"}
    assert [p["role"] for p in m["placeholders"]] == ["economic_buyer"]
    y = {n["key"].split(":")[1]: n["y"] for n in m["nodes"]}
    assert y["economic_buyer"] < y["ceo"] < y["cfo"] < y["vp"] < y["eng"] < y["c1"]
    assert all(0 <= n["x"] and n["x"] + n["w"] <= m["width"] and n["y"] + n["h"]
               <= m["height"] for n in m["nodes"])
    eng = next(n for n in m["nodes"] if n["id"] == "eng")
    assert eng["best"]["name"] == "Cleo" and eng["best"]["strength"] == 5
    assert eng["stance"] == "opponent" and eng["role"] == "technical_evaluator"


def test_warm_path_is_the_cli_path():
    G = _deal()
    m = maps.committee_map(G, "o1", as_of=AS_OF)
    best = analytics.warm_paths(G, "ceo", k=1)[0]
    assert m["warm_paths"] == [{"target": "ceo", "score": best["score"],
                                "nodes": best["nodes"]}]
    warm = [(e["source"], e["target"]) for e in m["edges"] if e["kind"] == "warm"]
    assert warm == [("colleague:c1", "person:eng"), ("person:eng", "person:vp"),
                    ("person:vp", "person:cfo"), ("person:cfo", "person:ceo")]


def test_deterministic_and_no_overlap_in_a_wide_committee():
    G = _deal()
    for i in range(14):  # 14 more members reporting to the ceo: wraps over rows
        pid = f"m{i:02d}"
        G.add_node(("person", pid), kind="person", name=f"Member {i}")
        G.add_edge(("person", pid), ("person", "ceo"), key="reports_to")
        G.add_edge(("person", pid), ("opportunity", "o1"), key="role:user", role="user",
                   stance="neutral")
    first = maps.committee_map(G, "o1", as_of=AS_OF)
    assert first == maps.committee_map(G.copy(), "o1", as_of=AS_OF)
    boxes = first["nodes"]
    assert len(boxes) == 20  # 18 people, the colleague, the missing economic buyer
    assert not any(_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    assert max(n["x"] + n["w"] for n in boxes) <= first["width"]


def test_path_graph_lanes_meet_at_the_target():
    G = _deal()
    G.add_edge(("colleague", "c1"), ("person", "cfo"), key="knows", strength=2)
    paths = analytics.warm_paths(G, "ceo", k=2)
    g = maps.path_graph(G, paths, "ceo")
    target = next(n for n in g["nodes"] if n["kind"] == "target")
    assert {n["id"] for n in g["nodes"]} == {i for p in paths for i in p["nodes"]}
    assert all(n["x"] + n["w"] <= target["x"] for n in g["nodes"] if n is not target)
    relations = [e["relation"] for e in g["edges"] if e["lane"] == 0]
    assert relations[0] == "knows" and set(relations[1:]) == {"reports_to"}
    boxes = g["nodes"]
    assert not any(_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    assert maps.path_graph(G, [], "ceo")["nodes"] == []


def test_fit_counts_wide_characters():
    assert maps.fit("王小明王小明", 6) == "王小…"
    assert maps.fit(None, 5) == ""
