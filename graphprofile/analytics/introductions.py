"""Whom to ask for in a department, and who can introduce us: the people behind a
cross-sell cell.

A department's **likely decision maker** is chosen among the people of the department
and of the departments under it (placeholder seats left out):

1. someone holding a decision role (``settings.decision_roles``) on an open deal of that
   department, else account-wide, else on any other open deal: the highest influence
   score first;
2. otherwise the person with the highest influence score
   (:func:`~graphprofile.analytics.influence.influence_scores`) there;

ties by person id. The **warm path** to them is the best one ``graphprofile path``
finds (:func:`~graphprofile.analytics.paths.best_warm_paths`, decayed to ``as_of``).
"""

from __future__ import annotations

from datetime import date

import networkx as nx

from graphprofile.analytics.influence import influence_scores
from graphprofile.analytics.paths import best_warm_paths
from graphprofile.analytics.settings import DEFAULTS, AnalyticsSettings
from graphprofile.models import OPEN_STAGES

__all__ = ["department_leads"]


def _departments_under(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Each department with the ids of itself and every department under it."""
    children: dict[str, list[str]] = {}
    for u, v, key in G.edges(keys=True):
        if key == "part_of" and u[0] == v[0] == "department":
            children.setdefault(v[1], []).append(u[1])
    found: dict[str, list[str]] = {}
    for node, kind in G.nodes(data="kind"):
        if kind != "department":
            continue
        seen, todo = {node[1]}, [node[1]]
        while todo:
            for child in children.get(todo.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        found[node[1]] = sorted(seen)
    return found


def department_leads(G: nx.MultiDiGraph, *, as_of: date | None = None,
                     settings: AnalyticsSettings = DEFAULTS) -> dict[str, dict]:
    """The likely decision maker of every department and the best warm path to them.

    Returns
    -------
    dict
        ``{department_id: {"person_id", "name", "title", "basis", "warm_path",
        "warm_path_score"}}``; ``basis`` is ``"decision_maker"`` (a role on the
        department's deal), ``"account_decision_maker"`` (account-wide or another deal)
        or ``"influence"``; ``warm_path`` the path's ids (colleague first, ``[]`` when
        nobody reaches them) and ``warm_path_score`` its score (None without one). A
        department with nobody in it is left out.

    Examples
    --------
    Finance has Ann (no role) and the CFO, economic buyer account-wide; c1 knows Ann:

    >>> G = nx.MultiDiGraph()
    >>> G.add_node(("department", "fin"), kind="department")
    >>> G.add_node(("company", "acme"), kind="company")
    >>> for p in ("ann", "cfo"):
    ...     G.add_node(("person", p), kind="person", name=p.title())
    ...     _ = G.add_edge(("person", p), ("department", "fin"), key="member_of")
    >>> _ = G.add_edge(("person", "ann"), ("person", "cfo"), key="reports_to")
    >>> _ = G.add_edge(("person", "cfo"), ("company", "acme"), key="role:economic_buyer",
    ...                role="economic_buyer")
    >>> _ = G.add_edge(("colleague", "c1"), ("person", "ann"), key="knows", strength=5)
    >>> lead = department_leads(G)["fin"]
    >>> lead["person_id"], lead["basis"], lead["warm_path"], lead["warm_path_score"]
    ('cfo', 'account_decision_maker', ['c1', 'ann', 'cfo'], 0.6)
    """
    members: dict[str, list[str]] = {}
    deciders: dict[str, set[str | None]] = {}  # person -> departments of their deals
    for u, v, key, attrs in G.edges(keys=True, data=True):
        if u[0] != "person" or G.nodes[u].get("placeholder"):
            continue
        if key == "member_of":
            members.setdefault(v[1], []).append(u[1])
        elif attrs.get("role") in settings.decision_roles:
            if v[0] == "company":
                deciders.setdefault(u[1], set()).add(None)
            elif v[0] == "opportunity" and G.nodes[v].get("stage") in OPEN_STAGES:
                deciders.setdefault(u[1], set()).add(G.nodes[v].get("department_id"))
    if not members:
        return {}
    scores = influence_scores(G, settings=settings)
    chosen: dict[str, tuple[str, str]] = {}
    for dept, under in _departments_under(G).items():
        people = sorted({p for d in under for p in members.get(d, ())})
        if not people:
            continue

        def rank(pid: str, under: list[str] = under) -> tuple[int, float, str]:
            held = deciders.get(pid, set())
            tier = 0 if held & set(under) else 1 if held else 2
            return tier, -scores.get(pid, 0.0), pid

        best = min(people, key=rank)
        tier = rank(best)[0]
        chosen[dept] = (best, ("decision_maker", "account_decision_maker", "influence")[tier])
    paths = best_warm_paths(G, sorted({p for p, _ in chosen.values()}), as_of=as_of,
                            settings=settings)
    leads = {}
    for dept, (pid, basis) in sorted(chosen.items()):
        attrs = G.nodes["person", pid]
        path = paths.get(pid)
        leads[dept] = {"person_id": pid, "name": str(attrs.get("name") or pid),
                       "title": attrs.get("title"), "basis": basis,
                       "warm_path": path["nodes"] if path else [],
                       "warm_path_score": path["score"] if path else None}
    return leads
