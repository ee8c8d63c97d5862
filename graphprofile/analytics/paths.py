"""Warm paths: the most probable chains of introductions from our colleagues to a person.

Each link carries a probability: a relationship of effective strength ``s`` (its recorded
strength decayed since the last contact up to ``as_of``, see
:mod:`~graphprofile.analytics.decay`) counts ``s / settings.relationship_scale`` (5), a
reporting line ``settings.reporting_path_weight``
(0.6) in either direction, an influence line its strength (either direction); when a
reporting line and an influence line join the same two people the likelier one counts.
A path's score is the product of its links. Paths start at one of our colleagues, then
only pass through customer persons (no colleague-to-colleague hops), and are simple.
The ``k`` best are found with Yen's algorithm (:func:`networkx.shortest_simple_paths`)
on ``-log(probability)`` costs from a virtual source joined to every allowed colleague.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date

import networkx as nx

from graphprofile.analytics.decay import relationship_strength
from graphprofile.analytics.settings import DEFAULTS, AnalyticsSettings

__all__ = ["best_warm_paths", "warm_paths", "introduction_graph"]

_START = ("__start__", "")


def introduction_graph(G: nx.MultiDiGraph, *, sources: Iterable[str] | None = None,
                       as_of: date | None = None,
                       settings: AnalyticsSettings = DEFAULTS) -> nx.DiGraph:
    """The digraph warm paths walk on, each edge with its ``probability``.

    Colleague → person edges come from relationships (only of the given ``sources``, or of
    active colleagues when ``sources`` is None), with their recorded ``strength`` and the
    ``effective_strength`` they count on ``as_of`` (recorded when None); person ↔ person
    edges from reporting and influence lines. Nodes keep the account graph's
    ``(kind, id)`` keys.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node(("colleague", "c1"), kind="colleague", active=True)
    >>> G.add_edge(("colleague", "c1"), ("person", "ann"), key="knows", strength=4)
    'knows'
    >>> G.add_edge(("person", "ann"), ("person", "boss"), key="reports_to")
    'reports_to'
    >>> sorted((u[1], v[1], p) for u, v, p in introduction_graph(G).edges(data="probability"))
    [('ann', 'boss', 0.6), ('boss', 'ann', 0.6), ('c1', 'ann', 0.8)]
    """
    allowed = None if sources is None else set(sources)

    def keep(colleague: tuple[str, str]) -> bool:
        if allowed is not None:
            return colleague[1] in allowed
        return G.nodes[colleague].get("active", True) is not False

    H = nx.DiGraph()

    def offer(u: tuple[str, str], v: tuple[str, str], p: float, **known: float) -> None:
        p = min(float(p), 1.0)
        if p <= 0:
            return
        if not H.has_edge(u, v) or H.edges[u, v]["probability"] < p:
            H.add_edge(u, v, probability=p, cost=-math.log(p), **known)

    for u, v, key, attrs in sorted(G.edges(keys=True, data=True), key=lambda e: e[:3]):
        if key == "knows" and u[0] == "colleague" and v[0] == "person" and keep(u):
            effective = relationship_strength(attrs, as_of=as_of, settings=settings)
            offer(u, v, effective / settings.relationship_scale,
                  strength=attrs.get("strength") or 0, effective_strength=effective)
        elif u[0] == "person" and v[0] == "person":
            if key == "reports_to":
                p = settings.reporting_path_weight
            elif key == "influences":
                p = attrs.get("strength") or 0.0
            else:
                continue
            offer(u, v, p)
            offer(v, u, p)
    return H


def warm_paths(G: nx.MultiDiGraph, target_person_id: str, *,
               sources: Iterable[str] | None = None, k: int | None = None,
               as_of: date | None = None,
               settings: AnalyticsSettings = DEFAULTS) -> list[dict]:
    """The ``k`` most probable introduction paths from our colleagues to a person.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An account graph (see :func:`graphprofile.graph.account_graph`).
    target_person_id : str
        The person to reach.
    sources : iterable of str, optional
        Colleague ids allowed to start a path; default every active colleague.
    k : int, optional
        How many paths; default ``settings.k_paths`` (3).
    as_of : datetime.date, optional
        The day relationships are decayed to; None counts them as recorded.
    settings : AnalyticsSettings, optional
        ``relationship_scale``, ``relationship_half_life_days``, ``reporting_path_weight``,
        ``k_paths``.

    Returns
    -------
    list of dict
        ``{"nodes": [colleague_id, person_id, ..., target_id], "score": float,
        "strength": int, "effective_strength": float}``, best first (score rounded to 4
        places; ties by node list); ``strength`` and ``effective_strength`` are the
        recorded and decayed strengths of the colleague's relationship that starts the
        path. ``[]`` when nobody reaches the target.

    Raises
    ------
    networkx.NodeNotFound
        When the target is not a person of this account.

    Examples
    --------
    Colleague c1 knows Ann (4 → 0.8), who reports to the boss (0.6); c2 knows the boss
    weakly (1 → 0.2):

    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from([("colleague", "c1"), ("colleague", "c2")], kind="colleague")
    >>> G.add_nodes_from([("person", "ann"), ("person", "boss")], kind="person")
    >>> G.add_edge(("colleague", "c1"), ("person", "ann"), key="knows", strength=4)
    'knows'
    >>> G.add_edge(("colleague", "c2"), ("person", "boss"), key="knows", strength=1)
    'knows'
    >>> G.add_edge(("person", "ann"), ("person", "boss"), key="reports_to")
    'reports_to'
    >>> warm_paths(G, "boss")  # doctest: +NORMALIZE_WHITESPACE
    [{'nodes': ['c1', 'ann', 'boss'], 'score': 0.48, 'strength': 4, 'effective_strength': 4.0},
     {'nodes': ['c2', 'boss'], 'score': 0.2, 'strength': 1, 'effective_strength': 1.0}]

    c1 last met Ann a year ago (two half-lives: 4 counts 1.0, 0.2 on the path):

    >>> from datetime import date
    >>> G.edges[("colleague", "c1"), ("person", "ann"), "knows"]["last_contact"] = date(
    ...     2025, 6, 1)
    >>> warm_paths(G, "boss", as_of=date(2026, 5, 27))  # doctest: +NORMALIZE_WHITESPACE
    [{'nodes': ['c2', 'boss'], 'score': 0.2, 'strength': 1, 'effective_strength': 1.0},
     {'nodes': ['c1', 'ann', 'boss'], 'score': 0.12, 'strength': 4, 'effective_strength': 1.0}]
    """
    target = ("person", target_person_id)
    if target not in G:
        raise nx.NodeNotFound(f"person {target_person_id!r} is not in this account")
    k = settings.k_paths if k is None else k
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k!r}")
    H = _walkable(introduction_graph(G, sources=sources, as_of=as_of, settings=settings))
    return _paths_on(H, target, k)


def best_warm_paths(G: nx.MultiDiGraph, person_ids: Iterable[str], *,
                    as_of: date | None = None,
                    settings: AnalyticsSettings = DEFAULTS) -> dict[str, dict | None]:
    """The best warm path (as :func:`warm_paths` with ``k=1`` finds it) to each of these
    persons, or None, from one introduction graph.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge(("colleague", "c1"), ("person", "ann"), key="knows", strength=4)
    'knows'
    >>> G.add_node(("person", "bob"), kind="person")
    >>> best_warm_paths(G, ["ann", "bob"])  # doctest: +NORMALIZE_WHITESPACE
    {'ann': {'nodes': ['c1', 'ann'], 'score': 0.8, 'strength': 4, 'effective_strength': 4.0},
     'bob': None}
    """
    H = _walkable(introduction_graph(G, as_of=as_of, settings=settings))
    return {p: next(iter(_paths_on(H, ("person", p), 1)), None) for p in person_ids}


def _walkable(H: nx.DiGraph) -> nx.DiGraph:
    """``H`` with the virtual start joined to every colleague, at no cost."""
    starts = sorted(node for node in H if node[0] == "colleague")
    H.add_edges_from(((_START, c) for c in starts), probability=1.0, cost=0.0)
    return H


def _paths_on(H: nx.DiGraph, target: tuple[str, str], k: int) -> list[dict]:
    """The ``k`` best paths from the virtual start to ``target`` on a walkable ``H``."""
    if target not in H or _START not in H:
        return []
    found: list[tuple[float, list[tuple[str, str]]]] = []
    try:
        for path in nx.shortest_simple_paths(H, _START, target, weight="cost"):
            score = round(math.prod(H.edges[u, v]["probability"]
                                    for u, v in zip(path, path[1:], strict=False)), 4)
            if len(found) >= k and score < found[k - 1][0]:
                break  # worse than the k-th, and so is every later path
            found.append((score, path[1:]))
            found.sort(key=lambda item: (-item[0], [node[1] for node in item[1]]))
    except nx.NetworkXNoPath:
        return []
    paths = []
    for score, nodes in found[:k]:
        first = H.edges[nodes[0], nodes[1]]
        paths.append({"nodes": [node[1] for node in nodes], "score": score,
                      "strength": first["strength"],
                      "effective_strength": first["effective_strength"]})
    return paths
