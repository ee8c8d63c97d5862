"""Committee maps and warm-path graphs: fixed layouts from an account graph; no Flask here.

Both layouts are plain dicts of boxes (``x``, ``y`` top-left, ``w``, ``h`` in SVG user
units) and lines that ``web/templates/maps/*.html`` draw as inline SVG. Positions depend
only on the graph (ties broken by id), so the same account always draws the same map.

* :func:`committee_map`: a deal's committee members, decision roles on the top row and
  the others below by their distance (reporting and influence lines, hops) to a decision
  maker; people on the shortest chain from a member to a decision maker who are not
  members come in as ``chain`` nodes; the best warm path (:func:`analytics.warm_paths`,
  as ``graphprofile path``) to each unengaged key person adds its colleague on the
  bottom row and its steps as ``path`` nodes. Each required role of the committee
  template that nobody known holds is an empty ``placeholder`` box on a row of its own
  at the top ("CFO — unknown"); a placeholder seat of ``people.csv`` holding the role
  is that box. Conflict lines and dotted-line reporting between shown people are drawn
  beside reporting and influence.
* :func:`path_graph`: warm paths as lanes, one a row, meeting at the target on the right.
"""

from __future__ import annotations

import unicodedata
from collections import deque
from datetime import date
from typing import Any

import networkx as nx

from graphprofile import analytics
from graphprofile.analytics import DEFAULTS, AnalyticsSettings
from graphprofile.analytics.committee import TEMPLATE, Template, committee

__all__ = ["BOX_H", "BOX_W", "committee_map", "fit", "path_graph", "warm_path_graph"]

BOX_W, BOX_H = 180, 84
GAP_X, GAP_Y = 28, 56
ROW_MAX = 6  # boxes on one row before a level wraps onto the next
MARGIN = 16
PATH_W, PATH_H, PATH_GAP_X, PATH_GAP_Y = 160, 52, 110, 24
ROLE_ORDER = ("decision_maker", "economic_buyer", "blocker", "champion", "influencer",
              "technical_evaluator", "gatekeeper", "user")


def fit(text: object, width: int) -> str:
    """``text`` cut to ``width`` display cells (a CJK character takes two), with ``…``.

    >>> fit("Alexandra Montgomery-Smythe", 12)
    'Alexandra M…'
    >>> fit("王小明", 4)
    '王…'
    """
    text = "" if text is None else str(text)

    def cells(ch: str) -> int:
        return 2 if unicodedata.east_asian_width(ch) in "WF" else 1

    if sum(map(cells, text)) <= width:
        return text
    out, used = [], 1  # the ellipsis takes one cell
    for ch in text:
        if used + cells(ch) > width:
            break
        out.append(ch)
        used += cells(ch)
    return "".join(out).rstrip() + "…"


def _name(G: nx.MultiDiGraph, kind: str, ident: str) -> str:
    node = (kind, ident)
    return str(G.nodes[node].get("name") or ident) if node in G else ident


def _lines(G: nx.MultiDiGraph) -> nx.Graph:
    """Reporting and influence lines between persons, undirected, neighbours sorted."""
    H = nx.Graph()
    for u, v, key in sorted(G.edges(keys=True)):
        if u[0] == "person" and v[0] == "person" and key in ("reports_to", "influences"):
            H.add_edge(u[1], v[1])
    return H


def _bfs(H: nx.Graph, roots: list[str]) -> tuple[dict[str, int], dict[str, str]]:
    """Hops from the nearest root and the parent towards it (sorted, so deterministic)."""
    dist = {r: 0 for r in roots if r in H}
    parent: dict[str, str] = {}
    queue = deque(sorted(dist))
    while queue:
        n = queue.popleft()
        for m in sorted(H.neighbors(n)):
            if m not in dist:
                dist[m], parent[m] = dist[n] + 1, n
                queue.append(m)
    return dist, parent


def _best_links(G: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    best: dict[str, dict[str, Any]] = {}
    for u, v, key, s in sorted(G.edges(keys=True, data="strength")):
        if key == "knows" and u[0] == "colleague" and v[0] == "person":
            s = int(s or 0)
            if v[1] not in best or s > best[v[1]]["strength"]:
                best[v[1]] = {"id": u[1], "name": _name(G, "colleague", u[1]), "strength": s}
    return best


def _rows(levels: dict[int, list[str]], order_key) -> dict[str, tuple[int, int]]:
    """(row, column) of every id: each level in ``order_key`` order, wrapped at ROW_MAX."""
    place: dict[str, tuple[int, int]] = {}
    row = 0
    for level in sorted(levels):
        ids = sorted(levels[level], key=order_key)
        for i in range(0, len(ids), ROW_MAX):
            for col, n in enumerate(ids[i:i + ROW_MAX]):
                place[n] = (row, col)
            row += 1
    return place


def committee_map(G: nx.MultiDiGraph, opportunity_id: str, *, as_of: date,
                  settings: AnalyticsSettings = DEFAULTS,
                  template: Template = TEMPLATE) -> dict[str, Any]:
    """The committee map of a deal.

    Returns
    -------
    dict
        ``nodes``: ``{"key", "id", "kind" (member, chain, path, colleague), "name",
        "title", "roles", "role", "stance", "decider", "engaged", "best" ({"id", "name",
        "strength"} or None), "level", "x", "y", "w", "h", "placeholder"}``, a
        ``placeholder`` box also with ``role``, ``label`` and ``id`` None (or the seat's);
        ``edges``: ``{"source", "target" (node keys), "kind" (reports_to, influences,
        conflicts, dotted_line, warm), "strength"}``; ``placeholders``: the missing
        seats (``{"role", "hint", "label", "person_id"}``);
        ``warm_paths``: ``{"target", "score", "nodes"}`` per unengaged key person (best
        path, or ``nodes`` empty when none); ``width``, ``height``.
    """
    opp = ("opportunity", opportunity_id)
    if opp not in G:
        raise nx.NodeNotFound(f"opportunity {opportunity_id!r} is not in this account")
    roles: dict[str, list[tuple[str, str]]] = {}
    for u, _, key, attrs in sorted(G.in_edges(opp, keys=True, data=True)):
        if key.startswith("role:") and u[0] == "person":
            roles.setdefault(u[1], []).append((str(attrs.get("role")),
                                               str(attrs.get("stance") or "neutral")))
    members = sorted(roles)
    deciders = [m for m in members if any(r in settings.decision_roles for r, _ in roles[m])]
    engaged = set(analytics.engaged_contacts(G, as_of=as_of, settings=settings))
    lines = _lines(G)
    dist, parent = _bfs(lines, deciders)
    people: dict[str, str] = {m: "member" for m in members}
    for m in members:  # the chain from each member up to its nearest decision maker
        n = m
        while n in parent:
            n = parent[n]
            people.setdefault(n, "chain")
    warm = []
    for d in deciders:
        if d in engaged:
            continue
        found = analytics.warm_paths(G, d, k=1, as_of=as_of, settings=settings)
        path = found[0] if found else {"nodes": [], "score": 0.0}
        warm.append({"target": d, "score": path["score"], "nodes": path["nodes"]})
        for p in path["nodes"][1:]:
            people.setdefault(p, "path")
    colleagues = sorted({w["nodes"][0] for w in warm if w["nodes"]})
    far = max((dist.get(p, 0) for p in people), default=0) + 1
    levels: dict[int, list[str]] = {}
    for p in people:
        levels.setdefault(dist.get(p, far) if deciders else 0, []).append(p)
    if colleagues:
        levels[far + 1] = [f"colleague:{c}" for c in colleagues]
    missing = committee(G, opportunity_id, as_of=as_of, template=template,
                        settings=settings)["placeholders"]
    boxes = {f"placeholder:{m['role']}": m for m in missing if m["person_id"] is None}
    if boxes:
        levels[-1] = sorted(boxes)
    place = _rows(levels, lambda n: (n.startswith("colleague:"), people.get(n) != "member",
                                     _name(G, "person", n).lower(), n))
    best = _best_links(G)
    width = max((c for _, c in place.values()), default=0) + 1
    nodes = []
    for n, (row, col) in place.items():
        x = MARGIN + col * (BOX_W + GAP_X)
        y = MARGIN + row * (BOX_H + GAP_Y)
        if n.startswith("colleague:"):
            cid = n.split(":", 1)[1]
            nodes.append({"key": n, "id": cid, "kind": "colleague",
                          "name": _name(G, "colleague", cid), "title": None, "roles": [],
                          "role": "", "stance": "", "decider": False, "engaged": True,
                          "best": None, "level": far + 1, "x": x, "y": y, "w": BOX_W,
                          "h": BOX_H, "placeholder": False})
            continue
        if n in boxes:
            seat = boxes[n]
            nodes.append({"key": n, "id": None, "kind": "placeholder", "name": seat["label"],
                          "title": None, "roles": [seat["role"]], "role": seat["role"],
                          "stance": "", "decider": seat["role"] in settings.decision_roles,
                          "engaged": False, "best": None, "level": -1, "x": x, "y": y,
                          "w": BOX_W, "h": BOX_H, "placeholder": True,
                          "label": seat["label"], "hint": seat["hint"]})
            continue
        held = roles.get(n, [])
        main = min(held, key=lambda rs: ROLE_ORDER.index(rs[0])
                   if rs[0] in ROLE_ORDER else 99) if held else ("", "")
        attrs = G.nodes[("person", n)]
        nodes.append({"key": f"person:{n}", "id": n, "kind": people[n],
                      "name": str(attrs.get("name") or n), "title": attrs.get("title"),
                      "roles": sorted({r for r, _ in held}), "role": main[0],
                      "stance": main[1], "decider": n in deciders, "engaged": n in engaged,
                      "best": best.get(n), "level": dist.get(n, far), "x": x, "y": y,
                      "w": BOX_W, "h": BOX_H, "placeholder": bool(attrs.get("placeholder"))})
    for b in nodes:
        b["short_name"], b["short_title"] = fit(b["name"], 22), fit(b["title"], 28)
        if b["best"]:
            b["best"] = {**b["best"], "short_name": fit(b["best"]["name"], 16)}
    nodes.sort(key=lambda b: (b["y"], b["x"]))
    shown = {b["id"] for b in nodes if b["kind"] not in ("colleague", "placeholder")}
    edges = []
    for u, v, key, s in sorted(G.edges(keys=True, data="strength")):
        if (u[0] == v[0] == "person"
                and key in ("reports_to", "influences", "conflicts", "dotted_line")
                and u[1] in shown and v[1] in shown):
            edges.append({"source": f"person:{u[1]}", "target": f"person:{v[1]}",
                          "kind": key,
                          "strength": s if key in ("influences", "conflicts") else None})
    for w in warm:
        steps = w["nodes"]
        for a, b in zip(steps, steps[1:], strict=False):
            src = f"colleague:{a}" if a == steps[0] else f"person:{a}"
            edges.append({"source": src, "target": f"person:{b}", "kind": "warm",
                          "strength": w["score"]})
    rows = max((r for r, _ in place.values()), default=-1) + 1
    return {"nodes": nodes, "edges": edges, "warm_paths": warm, "placeholders": missing,
            "width": 2 * MARGIN + width * BOX_W + (width - 1) * GAP_X,
            "height": 2 * MARGIN + rows * BOX_H + max(rows - 1, 0) * GAP_Y}


def _link(G: nx.MultiDiGraph, a: tuple[str, str], b: tuple[str, str],
          settings: AnalyticsSettings) -> dict[str, Any]:
    """What joins two steps of a warm path: the likeliest line, as the path search saw it."""
    if a[0] == "colleague":
        s = G.edges[a, b, "knows"].get("strength") if G.has_edge(a, b, "knows") else None
        return {"relation": "knows", "strength": s}
    offers = []
    if G.has_edge(a, b, "reports_to"):
        offers.append((settings.reporting_path_weight, "reports_to", None))
    if G.has_edge(b, a, "reports_to"):
        offers.append((settings.reporting_path_weight, "manages", None))
    if G.has_edge(a, b, "influences"):
        s = G.edges[a, b, "influences"].get("strength") or 0.0
        offers.append((s, "influences", s))
    if G.has_edge(b, a, "influences"):
        s = G.edges[b, a, "influences"].get("strength") or 0.0
        offers.append((s, "influenced_by", s))
    if not offers:
        return {"relation": "", "strength": None}
    _, relation, strength = max(offers, key=lambda o: (o[0], o[1]))
    return {"relation": relation, "strength": strength}


def path_graph(G: nx.MultiDiGraph, paths: list[dict[str, Any]], target_person_id: str, *,
               settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """Warm paths (``{"nodes", "score"}`` from :func:`analytics.warm_paths`) as lanes.

    Returns
    -------
    dict
        ``nodes``: ``{"key", "id", "kind" (colleague, person, target), "name", "title",
        "lane", "x", "y", "w", "h"}``; ``edges``: ``{"source", "target", "relation"
        (knows, reports_to, manages, influences, influenced_by), "strength", "lane"}``;
        ``lanes``: ``{"score", "y"}``; ``width``, ``height``. No paths: no nodes.
    """
    if not paths:
        return {"nodes": [], "edges": [], "lanes": [], "width": 0, "height": 0}
    steps = max(len(p["nodes"]) for p in paths) - 1  # columns before the target
    lanes = len(paths)
    height = 2 * MARGIN + lanes * PATH_H + (lanes - 1) * PATH_GAP_Y
    column = PATH_W + PATH_GAP_X
    target = {"key": "target", "id": target_person_id, "kind": "target",
              "name": _name(G, "person", target_person_id),
              "title": G.nodes[("person", target_person_id)].get("title"), "lane": None,
              "x": MARGIN + steps * column, "y": (height - PATH_H) // 2, "w": PATH_W,
              "h": PATH_H}
    nodes, edges, lane_rows = [target], [], []
    for i, path in enumerate(paths):
        ids = path["nodes"]
        y = MARGIN + i * (PATH_H + PATH_GAP_Y)
        lane_rows.append({"score": path["score"], "y": y})
        keys = []
        for j, ident in enumerate(ids[:-1]):
            kind = "colleague" if j == 0 else "person"
            key = f"{i}:{j}"
            keys.append(key)
            col = steps - (len(ids) - 1) + j  # lanes end next to the target
            nodes.append({"key": key, "id": ident, "kind": kind,
                          "name": _name(G, kind, ident),
                          "title": G.nodes[(kind, ident)].get("title") if kind == "person"
                          else None, "lane": i, "x": MARGIN + col * column, "y": y,
                          "w": PATH_W, "h": PATH_H})
        keys.append("target")
        for j in range(len(ids) - 1):
            a = ("colleague" if j == 0 else "person", ids[j])
            edges.append({"source": keys[j], "target": keys[j + 1], "lane": i,
                          **_link(G, a, ("person", ids[j + 1]), settings)})
    for b in nodes:
        b["short_name"], b["short_title"] = fit(b["name"], 20), fit(b["title"], 24)
    return {"nodes": nodes, "edges": edges, "lanes": lane_rows,
            "width": 2 * MARGIN + steps * column + PATH_W, "height": height}


def warm_path_graph(G: nx.MultiDiGraph, person_id: str, *, k: int | None = None,
                    as_of: date | None = None,
                    settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """The ``k`` best warm paths to a person (as ``graphprofile path`` finds them on
    ``as_of``), laid out."""
    paths = analytics.warm_paths(G, person_id, k=k, as_of=as_of, settings=settings)
    return {"target": person_id, "paths": paths,
            **path_graph(G, paths, person_id, settings=settings)}
