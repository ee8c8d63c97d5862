"""Org-chart data and HTML from an account graph, built with pyvis; no Flask here.

The chart is pyvis's vis-network data: :class:`~pyvis.node.Node` and
:class:`~pyvis.edge.Edge` options, gathered by :class:`_Chart` (pyvis's own
``Network.add_node``/``add_edge`` search lists for duplicates on every call: quadratic in
the chart's size), with vis-network options. The page never uses pyvis's
own HTML template: :func:`orgchart_html` emits a ``<div>`` and a JSON blob (``<``, ``>``
and ``&`` escaped) that ``web/static/orgchart.js`` turns into
a ``vis.Network``. Node titles are plain text there, shown with ``textContent``, so no data
text (names, titles, notes) is ever parsed as HTML.

:func:`orgtree` is the tree view's data (``web/static/orgtree.js`` draws it with
d3-org-chart): a company card, department cards, then people by reporting line, each
person exactly once, with the fields of their card and our colleagues' links to them.

Network view encoding:

* hierarchy along reporting lines (managers above their reports), our colleagues on a
  band above the customer's people, as a layer that can be switched off;
* node colour = the person's main buying role, size = influence score, border width =
  our best relationship strength (1-5), stance in the label and the tooltip;
* informal influence lines dashed; each department its own shape (see ``legend``);
* conflict lines (influence of polarity negative) red and dashed, dotted-line (secondary)
  reporting dotted; a placeholder seat (``people.placeholder``) an empty dashed box;
* physics only up to :data:`PHYSICS_LIMIT` nodes.
"""

from __future__ import annotations

import html
import json
from datetime import date
from typing import Any

import networkx as nx
from pyvis.edge import Edge
from pyvis.node import Node

from graphprofile import analytics

__all__ = [
    "COLLAPSE_ACCOUNT_SIZE", "COLLAPSE_DEPARTMENT_SIZE", "DEPARTMENT_SHAPES",
    "PHYSICS_LIMIT", "ROLE_COLOURS", "ROLE_ORDER", "main_role", "orgchart", "orgchart_html",
    "orgtree", "orgtree_html", "safe_json",
]

PHYSICS_LIMIT = 300

# The role a node is coloured by when a person holds several: the most decisive first.
ROLE_ORDER = ("decision_maker", "economic_buyer", "blocker", "champion", "influencer",
              "technical_evaluator", "gatekeeper", "user")
ROLE_COLOURS: dict[str, str] = {
    "decision_maker": "#d1495b",
    "economic_buyer": "#e8912d",
    "blocker": "#3b3b3b",
    "champion": "#0f9d76",
    "influencer": "#8a63d2",
    "technical_evaluator": "#2f6db5",
    "gatekeeper": "#a0785a",
    "user": "#7fb7d9",
    "": "#cfd6de",
}
COLLEAGUE_COLOUR = "#ffe08a"
DEPARTMENT_SHAPES = ("dot", "diamond", "square", "triangle", "star", "triangleDown",
                     "hexagon")
CONFLICT_COLOUR = "#dc2626"
DOTTED_COLOUR = "#64748b"
# The lines beside reporting and influence, for the legends (relation, colour, dashes).
LINE_LEGEND = (("conflicts", CONFLICT_COLOUR, [8, 5]), ("dotted_line", DOTTED_COLOUR, [2, 4]))
_STANCE_MARK = {"mentor": "++", "supporter": "+", "neutral": "\u00b7", "non_supporter": "\u2212",
                "opponent": "\u2212", "enemy": "\u2212\u2212"}


def main_role(roles: list[tuple[str, str]]) -> tuple[str, str]:
    """The ``(role, stance)`` a person is drawn with: the first of :data:`ROLE_ORDER`.

    Examples
    --------
    >>> main_role([("user", "neutral"), ("champion", "supporter")])
    ('champion', 'supporter')
    >>> main_role([])
    ('', '')
    """
    ranked = sorted(roles, key=lambda rs: (ROLE_ORDER.index(rs[0]) if rs[0] in ROLE_ORDER
                                           else len(ROLE_ORDER), rs))
    return ranked[0] if ranked else ("", "")


def _xy(position: tuple[float, float] | None) -> dict[str, float]:
    return {} if position is None else {"x": position[0], "y": position[1]}


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _levels(manager: dict[str, str], people: list[str]) -> dict[str, int]:
    """Depth of each person in the reporting forest (top managers 1); loops stop the walk."""
    levels: dict[str, int] = {}
    for pid in people:
        seen = [pid]
        current = pid
        while current in manager and manager[current] not in seen:
            current = manager[current]
            seen.append(current)
        levels[pid] = len(seen)
    return levels


def _tree_positions(people: list[str], manager: dict[str, str],
                    levels: dict[str, int]) -> dict[str, tuple[float, float]]:
    """A tidy tree layout: leaves side by side, each manager centred over their reports.

    Used above :data:`PHYSICS_LIMIT` nodes, where vis-network's own hierarchical layout
    is too slow for the page. Members of a reporting loop are laid out as extra roots.
    """
    known = set(people)
    reports: dict[str, list[str]] = {pid: [] for pid in people}
    roots = []
    for pid in people:
        boss = manager.get(pid)
        if boss in known and boss != pid:
            reports[boss].append(pid)
        else:
            roots.append(pid)
    x: dict[str, float] = {}
    placed: set[str] = set()
    slot = 0
    for root in roots + people:  # people: whatever a loop kept from the roots
        stack = [(root, False)]
        while stack:  # iterative post-order: a deep chain does not hit the recursion limit
            node, done = stack.pop()
            if done:
                below = [x[r] for r in reports[node] if r in x]
                if below:
                    x[node] = (min(below) + max(below)) / 2
                else:
                    x[node] = slot
                    slot += 1
                continue
            if node in placed:
                continue
            placed.add(node)
            stack.append((node, True))
            stack.extend((r, False) for r in reversed(reports[node]))
    return {pid: (x[pid] * NODE_SPACING, levels.get(pid, 1) * LEVEL_SEPARATION)
            for pid in people}


NODE_SPACING = 150
LEVEL_SEPARATION = 130
# The relations the chart draws as lines; the rest (interactions, roles, departments)
# are shown on the nodes.
_DRAWN = frozenset({"reports_to", "influences", "conflicts", "dotted_line", "knows"})


class _Chart:
    """Nodes and edges of an undirected pyvis network: a node once, an edge once per
    relation and pair of nodes (whichever way round), both ends present.

    ``pyvis.network.Network`` searches lists for these on every add, and keeps one edge
    per pair whatever the relation: a reporting line was lost wherever the report also
    influences the manager (the CFO under the CEO, most often).
    """

    def __init__(self) -> None:
        self.nodes: list[dict[str, Any]] = []
        self.edges: list[dict[str, Any]] = []
        self._ids: set[str] = set()
        self._pairs: set[tuple[Any, frozenset[str]]] = set()

    def add_node(self, n_id: str, *, label: str, shape: str, color: Any = None,
                 **options: Any) -> None:
        if n_id not in self._ids:
            self._ids.add(n_id)
            self.nodes.append(
                Node(n_id, shape, label=label or n_id, color=color, **options).options)

    def add_edge(self, source: str, to: str, **options: Any) -> None:
        if source not in self._ids or to not in self._ids:
            raise ValueError(f"edge {source!r} - {to!r} names a node not in the chart")
        pair = (options.get("relation"), frozenset((source, to)))
        if pair not in self._pairs:
            self._pairs.add(pair)
            self.edges.append(Edge(source, to, False, **options).options)


def orgchart(G: nx.MultiDiGraph, *, as_of: date,
             influence: dict[str, dict[str, float | int]] | None = None,
             settings: analytics.AnalyticsSettings = analytics.DEFAULTS) -> dict[str, Any]:
    """The org chart of one account as vis-network data.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An account graph (see :func:`graphprofile.graph.account_graph`).
    as_of : datetime.date
        The day engagement is judged on (shown in tooltips).
    influence : dict, optional
        ``{person_id: {"score", "rank"}}`` as from :func:`graphprofile.analytics.influence`;
        computed when not given.
    settings : AnalyticsSettings, optional

    Returns
    -------
    dict
        ``nodes`` and ``edges`` (lists of vis-network items; ``title`` is plain text),
        ``options`` (vis-network options), ``legend`` (``departments``: name and shape,
        ``roles``: role and colour) and ``counts``.

    Examples
    --------
    >>> from datetime import date
    >>> from graphprofile.graph import account_graph
    >>> from graphprofile.models import AccountSnapshot, Company, Person
    >>> snap = AccountSnapshot(
    ...     company=Company(id="acme", name="Acme", industry="retail"),
    ...     people=[Person(id="boss", company_id="acme", name="<b>Boss</b>"),
    ...             Person(id="ann", company_id="acme", name="Ann", reports_to="boss")])
    >>> chart = orgchart(account_graph(snap), as_of=date(2026, 1, 1))
    >>> [(n["id"], n["level"], n["label"]) for n in chart["nodes"]]
    [('person:ann', 2, 'Ann'), ('person:boss', 1, '<b>Boss</b>')]
    >>> [(e["from"], e["to"], e["relation"]) for e in chart["edges"]]
    [('person:boss', 'person:ann', 'reports_to')]
    >>> chart["options"]["layout"]["hierarchical"]["sortMethod"]
    'directed'
    """
    if influence is None:
        influence = analytics.influence(G, settings=settings)
    engaged = set(analytics.engaged_contacts(G, as_of=as_of, settings=settings))
    people = sorted(n[1] for n, k in G.nodes(data="kind") if k == "person")
    departments = sorted(
        ((n[1], _text(a.get("name")) or n[1]) for n, a in G.nodes(data=True)
         if a.get("kind") == "department"), key=lambda d: (d[1], d[0]))
    shape_of = {d: DEPARTMENT_SHAPES[i % len(DEPARTMENT_SHAPES)]
                for i, (d, _) in enumerate(departments)}
    dept_name = dict(departments)

    # One pass over the edges gathers everything the chart reads of them.
    manager: dict[str, str] = {}
    roles: dict[str, list[tuple[str, str]]] = {}
    strength: dict[str, int] = {}
    known_by: dict[str, list[tuple[str, int]]] = {}
    drawn: list[tuple[Any, Any, str, dict[str, Any]]] = []
    for edge in G.edges(keys=True, data=True):
        u, v, key, attrs = edge
        if key in _DRAWN:
            drawn.append(edge)
        if key == "reports_to":
            manager[u[1]] = v[1]
        elif key.startswith("role:") and u[0] == "person":
            roles.setdefault(u[1], []).append(
                (_text(attrs.get("role")), _text(attrs.get("stance")) or "neutral"))
        elif key == "knows" and u[0] == "colleague" and v[0] == "person":
            s = int(attrs.get("strength") or 0)
            strength[v[1]] = max(strength.get(v[1], 0), s)
            known_by.setdefault(v[1], []).append((u[1], s))

    colleagues = sorted({c for pid in known_by for c, _ in known_by[pid]})
    large = len(people) + len(colleagues) > PHYSICS_LIMIT
    levels = _levels(manager, people)
    positions: dict[str, tuple[float, float]] = (
        _tree_positions(people, manager, levels) if large else {})
    net = _Chart()
    width = max((x for x, _ in positions.values()), default=0.0)
    for i, cid in enumerate(colleagues):
        if large:  # our team spread along the band above the customer's people
            positions[f"colleague:{cid}"] = ((i + 1) * width / (len(colleagues) + 1), 0.0)
        attrs = G.nodes["colleague", cid]
        name = _text(attrs.get("name")) or cid
        active = attrs.get("active", True) is not False
        net.add_node(
            f"colleague:{cid}", label=name + ("" if active else " (inactive)"), shape="box",
            color={"background": COLLEAGUE_COLOUR if active else "#eeeeee",
                   "border": "#b08900"},
            level=0, kind="colleague", ref=cid,
            **_xy(positions.get(f"colleague:{cid}")),
            title="\n".join([f"{name} (our team)", _text(attrs.get("function")),
                             "active" if active else "inactive"]))
    for pid in people:
        attrs = G.nodes["person", pid]
        name = _text(attrs.get("name")) or pid
        role, stance = main_role(roles.get(pid, []))
        score = float(influence.get(pid, {}).get("score", 0.0))
        rank = influence.get(pid, {}).get("rank")
        best = strength.get(pid, 0)
        dept = _text(attrs.get("department_id"))
        label = name
        if role:
            label += f"\n{role.replace('_', ' ')} {_STANCE_MARK.get(stance, '')}".rstrip()
        lines = [name]
        if attrs.get("title"):
            lines.append(_text(attrs.get("title")))
        if dept:
            lines.append(f"Department: {dept_name.get(dept, dept)}")
        for r, s in sorted(set(roles.get(pid, []))):
            lines.append(f"Role: {r.replace('_', ' ')} ({s})")
        lines.append(f"Influence: {score:.2f}" + (f" (rank {rank})" if rank else ""))
        lines.append(f"Best relationship: {best}/5" if best else "No relationship with us")
        lines.append("Engaged" if pid in engaged else "Not engaged")
        if attrs.get("placeholder"):  # a known-unknown seat: an empty dashed box
            net.add_node(
                f"person:{pid}", label=_text(attrs.get("title")) or name, shape="box",
                color={"background": "#ffffff", "border": "#8792a2"},
                shapeProperties={"borderDashes": [5, 5]}, borderWidth=1.5,
                level=levels.get(pid, 1), kind="person", ref=pid, name=name, role=role,
                stance=stance, engaged=False, placeholder=True,
                title="\n".join([*lines[:-3], "Placeholder: nobody identified yet"]),
                **_xy(positions.get(pid)))
            continue
        net.add_node(
            f"person:{pid}", label=label, shape=shape_of.get(dept, "dot"),
            color={"background": ROLE_COLOURS.get(role, ROLE_COLOURS[""]),
                   "border": "#1d4ed8" if best else "#8792a2",
                   "highlight": {"background": ROLE_COLOURS.get(role, ROLE_COLOURS[""]),
                                 "border": "#111827"}},
            size=round(10 + 30 * score, 2), borderWidth=1 + 2 * best if best else 1,
            level=levels.get(pid, 1), kind="person", ref=pid, name=name, role=role, stance=stance,
            engaged=pid in engaged, title="\n".join(lines), **_xy(positions.get(pid)))

    for u, v, key, attrs in sorted(drawn, key=lambda e: e[:3]):
        if key == "reports_to" and u[0] == v[0] == "person":
            net.add_edge(f"person:{v[1]}", f"person:{u[1]}", relation="reports_to",
                         color="#9aa5b1", width=1.2, title="reports to")
        elif key == "influences" and u[0] == v[0] == "person":
            s = float(attrs.get("strength") or 0.0)
            text = f"influences ({s:.1f})"
            if attrs.get("kind"):
                text += f"; {attrs['kind']}"
            if attrs.get("note"):
                text += f"\n{attrs['note']}"
            net.add_edge(f"person:{u[1]}", f"person:{v[1]}", relation="influences",
                         layer="influence",
                         dashes=True, arrows="to", color="#8a63d2", width=1 + 2 * s,
                         smooth={"type": "curvedCW", "roundness": 0.2}, title=text)
        elif key == "conflicts" and u[0] == v[0] == "person":
            s = float(attrs.get("strength") or 0.0)
            text = f"conflict ({s:.1f})"
            if attrs.get("note"):
                text += f"\n{attrs['note']}"
            net.add_edge(f"person:{u[1]}", f"person:{v[1]}", relation="conflicts",
                         layer="influence", dashes=LINE_LEGEND[0][2], arrows="to",
                         color=CONFLICT_COLOUR, width=1 + 2 * s,
                         smooth={"type": "curvedCCW", "roundness": 0.2}, title=text)
        elif key == "dotted_line" and u[0] == v[0] == "person":
            net.add_edge(f"person:{v[1]}", f"person:{u[1]}", relation="dotted_line",
                         dashes=LINE_LEGEND[1][2], color=DOTTED_COLOUR, width=1.2,
                         smooth={"type": "curvedCW", "roundness": 0.1},
                         title="dotted-line report")
        elif key == "knows" and u[0] == "colleague" and v[0] == "person":
            s = int(attrs.get("strength") or 0)
            net.add_edge(f"colleague:{u[1]}", f"person:{v[1]}", relation="knows",
                         color="#d4a20b", width=0.5 + s / 2, layer="colleagues",
                         title=f"knows ({s}/5)")

    for node in net.nodes:
        node["group"] = ("colleagues" if node["kind"] == "colleague"
                         else f"dept:{G.nodes['person', node['ref']].get('department_id') or ''}")
    total = len(net.nodes)
    options = {
        # Large charts come laid out (_tree_positions); vis-network only draws them.
        "layout": {"hierarchical": {"enabled": not large, "direction": "UD",
                                    "sortMethod": "directed",
                                    "levelSeparation": LEVEL_SEPARATION,
                                    "nodeSpacing": NODE_SPACING, "shakeTowards": "roots"}},
        "physics": {"enabled": not large, "solver": "hierarchicalRepulsion",
                    "hierarchicalRepulsion": {"nodeDistance": 160, "avoidOverlap": 1},
                    "stabilization": {"iterations": 150, "fit": True}},
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False,
                        "keyboard": {"enabled": True, "bindToWindow": False}},
        "nodes": {"font": {"size": 13, "face": "system-ui, sans-serif", "multi": False}},
        "edges": {"smooth": {"type": "cubicBezier", "forceDirection": "vertical"},
                  "arrows": {"to": {"enabled": False}}},
        "groups": {"colleagues": {"shape": "box"},
                   **{f"dept:{d}": {"shape": shape_of[d]} for d, _ in departments}},
    }
    return {
        "nodes": net.nodes,
        "edges": net.edges,
        "options": options,
        "legend": {
            "departments": [{"id": d, "name": n, "shape": shape_of[d]}
                            for d, n in departments],
            "roles": [{"role": r, "colour": ROLE_COLOURS[r]} for r in ROLE_ORDER],
            "lines": [{"relation": r, "colour": c, "dashes": d} for r, c, d in LINE_LEGEND],
        },
        "counts": {"nodes": total, "edges": len(net.edges), "people": len(people),
                   "colleagues": len(colleagues)},
    }


def safe_json(value: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element or attribute.

    Examples
    --------
    >>> safe_json({"name": "</script><img src=x onerror=alert(1)>"})
    '{"name": "\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=True, default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def orgchart_html(chart: dict[str, Any], *, element_id: str = "orgchart",
                  profile_base: str = "") -> str:
    """The chart's container ``<div>`` and its data as a JSON ``<script>`` (not executed).

    ``profile_base`` is the URL prefix of a person's profile (the person id is appended
    by the script). The blob also names the departments (from the chart's legend), for
    the script's collapse-by-department control.

    Examples
    --------
    >>> chart = {"nodes": [{"id": "person:x", "label": "<i>"}], "edges": [], "options": {},
    ...          "counts": {"nodes": 1, "edges": 0}}
    >>> print(orgchart_html(chart, profile_base="/people/"))
    <div class="orgchart" id="orgchart" data-node-count="1" data-edge-count="0" \
data-profile-base="/people/" data-source="orgchart-data"></div>
    <script type="application/json" id="orgchart-data">{"nodes": [{"id": "person:x", \
"label": "\\u003ci\\u003e"}], "edges": [], "options": {}, "departments": []}</script>
    """
    eid = html.escape(element_id, quote=True)
    blob = safe_json({**{k: chart[k] for k in ("nodes", "edges", "options")},
                      "departments": chart.get("legend", {}).get("departments", [])})
    return (
        f'<div class="orgchart" id="{eid}" data-node-count="{chart["counts"]["nodes"]}" '
        f'data-edge-count="{chart["counts"]["edges"]}" '
        f'data-profile-base="{html.escape(profile_base, quote=True)}" '
        f'data-source="{eid}-data"></div>\n'
        f'<script type="application/json" id="{eid}-data">{blob}</script>'
    )


# A department starts collapsed in the tree view when the account has more people than
# this, or the department alone has more than COLLAPSE_DEPARTMENT_SIZE: the company and
# its department cards then fit a 1400x900 window, readable, and a click opens one.
COLLAPSE_ACCOUNT_SIZE = 40
COLLAPSE_DEPARTMENT_SIZE = 15
UNASSIGNED = "unassigned"  # the tree id of the department of people with none


def _tree_parents(people: list[str], manager: dict[str, str],
                  department: dict[str, str | None]) -> tuple[dict[str, str | None], set[str]]:
    """Each person's parent in the tree: their manager when in the same department, else
    ``None`` (their department). A reporting loop is cut at its smallest id, returned in
    the second set, so every person hangs from the department exactly once."""
    parent: dict[str, str | None] = {}
    for pid in people:
        boss = manager.get(pid)
        same = boss is not None and boss != pid and boss in department \
            and department[boss] == department[pid]
        parent[pid] = boss if same else None
    looped: set[str] = set()
    state: dict[str, int] = {}  # 1: on the walk now, 2: done
    for pid in people:
        path: list[str] = []
        current: str | None = pid
        while current is not None and current not in state:
            state[current] = 1
            path.append(current)
            current = parent[current]
        if current is not None and state[current] == 1:  # back on this walk: a loop
            cut = min(path[path.index(current):])
            parent[cut] = None
            looped.add(cut)
        for seen in path:
            state[seen] = 2
    return parent, looped


def orgtree(G: nx.MultiDiGraph, *, as_of: date,
            influence: dict[str, dict[str, float | int]] | None = None,
            settings: analytics.AnalyticsSettings = analytics.DEFAULTS) -> dict[str, Any]:
    """The tree view of one account: flat nodes with parent ids, for d3-org-chart.

    The root is the company (``parentId`` ``None``); under it one node per department
    (``collapsed`` when the account or the department is large: see
    :data:`COLLAPSE_ACCOUNT_SIZE`), and an ``unassigned`` department for people with
    none; under each department its people by reporting line. A person hangs under
    their department when their manager is unknown, in another department (named in
    ``manager``) or in a reporting loop (``loop``: the loop is cut there).

    Returns
    -------
    dict
        ``nodes`` (company, departments, people, in that order; a person's ``links`` are
        our colleagues who know them, strongest first, and ``best`` the first of them;
        ``placeholder`` marks a known-unknown seat), ``connections`` (conflict and
        dotted-line lines drawn beside the tree: ``{"from", "to", "kind", "note"}``, a
        dotted line from the secondary manager to the report) and ``counts``.

    Examples
    --------
    >>> from datetime import date
    >>> from graphprofile.graph import account_graph
    >>> from graphprofile.models import AccountSnapshot, Company, Person
    >>> snap = AccountSnapshot(
    ...     company=Company(id="acme", name="Acme", industry="retail"),
    ...     people=[Person(id="boss", company_id="acme", name="Boss"),
    ...             Person(id="ann", company_id="acme", name="Ann", reports_to="boss")])
    >>> tree = orgtree(account_graph(snap), as_of=date(2026, 1, 1))
    >>> [(n["id"], n["parentId"]) for n in tree["nodes"]]
    [('company:acme', None), ('unassigned', 'company:acme'), \
('person:ann', 'person:boss'), ('person:boss', 'unassigned')]
    """
    if influence is None:
        influence = analytics.influence(G, settings=settings)
    engaged = set(analytics.engaged_contacts(G, as_of=as_of, settings=settings))
    company_id = _text(G.graph.get("company_id"))
    company = G.nodes.get(("company", company_id), {})
    people = sorted((n[1] for n, k in G.nodes(data="kind") if k == "person"),
                    key=lambda p: (_text(G.nodes["person", p].get("name")).casefold(), p))
    manager: dict[str, str] = {}
    department: dict[str, str | None] = dict.fromkeys(people)
    roles: dict[str, list[tuple[str, str]]] = {}
    links: dict[str, list[dict[str, Any]]] = {}
    connections: list[dict[str, Any]] = []  # lines beside the tree: d3-org-chart connections
    for u, v, key, attrs in G.edges(keys=True, data=True):
        if key == "reports_to":
            manager[u[1]] = v[1]
        elif key == "conflicts" and u[0] == v[0] == "person":
            connections.append({"from": f"person:{u[1]}", "to": f"person:{v[1]}",
                                "kind": "conflicts", "note": _text(attrs.get("note"))})
        elif key == "dotted_line" and u[0] == v[0] == "person":
            connections.append({"from": f"person:{v[1]}", "to": f"person:{u[1]}",
                                "kind": "dotted_line", "note": ""})
        elif key == "member_of":
            department[u[1]] = v[1]
        elif key.startswith("role:") and u[0] == "person":
            roles.setdefault(u[1], []).append(
                (_text(attrs.get("role")), _text(attrs.get("stance")) or "neutral"))
        elif key == "knows" and u[0] == "colleague" and v[0] == "person":
            colleague = G.nodes[u]
            last = attrs.get("last_contact")
            links.setdefault(v[1], []).append({
                "colleague_id": u[1], "colleague": _text(colleague.get("name")) or u[1],
                "strength": int(attrs.get("strength") or 0),
                "last_contact": last.isoformat() if last else None,
                "target_strength": attrs.get("target_strength"),
                "active": colleague.get("active", True) is not False})
    parent, looped = _tree_parents(people, manager, department)

    root = f"company:{company_id}"
    size: dict[str | None, int] = {}
    for pid in people:
        size[department[pid]] = size.get(department[pid], 0) + 1
    large = len(people) > COLLAPSE_ACCOUNT_SIZE
    nodes: list[dict[str, Any]] = [{
        "id": root, "parentId": None, "kind": "company", "ref": company_id,
        "name": _text(company.get("name")) or company_id,
        "industry": _text(company.get("industry")), "people": len(people)}]
    departments = sorted(
        ((n[1], _text(a.get("name")) or n[1], _text(a.get("function")))
         for n, a in G.nodes(data=True) if a.get("kind") == "department"),
        key=lambda d: (d[1].casefold(), d[0]))
    for did, name, function in departments:
        count = size.get(did, 0)
        nodes.append({"id": f"department:{did}", "parentId": root, "kind": "department",
                      "ref": did, "name": name, "function": function, "people": count,
                      "collapsed": large or count > COLLAPSE_DEPARTMENT_SIZE})
    if None in size:
        nodes.append({"id": UNASSIGNED, "parentId": root, "kind": "department", "ref": None,
                      "name": "", "function": "", "unassigned": True, "people": size[None],
                      "collapsed": large or size[None] > COLLAPSE_DEPARTMENT_SIZE})
    for pid in people:
        attrs = G.nodes["person", pid]
        dept = department[pid]
        role, stance = main_role(roles.get(pid, []))
        known = sorted(links.get(pid, []), key=lambda c: (-c["strength"], c["colleague"],
                                                          c["colleague_id"]))
        boss = manager.get(pid)
        elsewhere = boss is not None and parent[pid] is None and boss in department
        nodes.append({
            "id": f"person:{pid}",
            "parentId": (f"person:{parent[pid]}" if parent[pid] is not None
                         else f"department:{dept}" if dept is not None else UNASSIGNED),
            "kind": "person", "ref": pid, "department": dept,
            "name": _text(attrs.get("name")) or pid, "title": _text(attrs.get("title")),
            "role": role, "stance": stance if role else "",
            "engaged": pid in engaged,
            "influence": round(float(influence.get(pid, {}).get("score", 0.0)), 3),
            "best": ({"colleague": known[0]["colleague"], "strength": known[0]["strength"]}
                     if known else None),
            "links": known,
            "manager": ({"id": boss, "name": _text(G.nodes["person", boss].get("name"))
                         or boss} if elsewhere else None),
            "loop": pid in looped,
            "placeholder": bool(attrs.get("placeholder"))})
    connections.sort(key=lambda c: (c["kind"], c["from"], c["to"]))
    return {"nodes": nodes, "connections": connections,
            "counts": {"people": len(people), "departments": len(nodes) - 1 - len(people)}}


def _connections(tree: dict[str, Any]) -> dict[str, Any]:
    return {"connections": tree["connections"]} if tree.get("connections") else {}


def orgtree_html(tree: dict[str, Any], *, element_id: str = "orgtree",
                 profile_base: str = "") -> str:
    """The tree view's container ``<div>`` and its data as a JSON ``<script>``.

    Examples
    --------
    >>> print(orgtree_html({"nodes": [{"id": "x", "name": "<i>"}],
    ...                     "counts": {"people": 0, "departments": 0}}))
    <div class="orgtree" id="orgtree" data-people="0" data-profile-base="" \
data-source="orgtree-data"></div>
    <script type="application/json" id="orgtree-data">{"nodes": [{"id": "x", \
"name": "\\u003ci\\u003e"}]}</script>
    """
    eid = html.escape(element_id, quote=True)
    return (
        f'<div class="orgtree" id="{eid}" data-people="{tree["counts"]["people"]}" '
        f'data-profile-base="{html.escape(profile_base, quote=True)}" '
        f'data-source="{eid}-data"></div>\n'
        f'<script type="application/json" id="{eid}-data">'
        f'{safe_json({"nodes": tree["nodes"], **_connections(tree)})}</script>'
    )
