"""Warm paths: the most probable chains of introductions from our colleagues to a person.

Each link carries a probability: a relationship of strength ``s`` counts
``s / settings.relationship_scale`` (5), a reporting line ``settings.reporting_path_weight``
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

import networkx as nx

from graphprofile.analytics.settings import DEFAULTS, AnalyticsSettings

__all__ = ["warm_paths", "introduction_graph"]

_START = ("__start__", "")


def introduction_graph(G: nx.MultiDiGraph, *, sources: Iterable[str] | None = None,
                       settings: AnalyticsSettings = DEFAULTS) -> nx.DiGraph:
    """The digraph warm paths walk on, each edge with its ``probability``.

    Colleague → person edges come from relationships (only of the given ``sources``, or of
    active colleagues when ``sources`` is None); person ↔ person edges from reporting and
    influence lines. Nodes keep the account graph's ``(kind, id)`` keys.

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

    def offer(u: tuple[str, str], v: tuple[str, str], p: float) -> None:
        p = min(float(p), 1.0)
        if p <= 0:
            return
        if not H.has_edge(u, v) or H.edges[u, v]["probability"] < p:
            H.add_edge(u, v, probability=p, cost=-math.log(p))

    for u, v, key, attrs in sorted(G.edges(keys=True, data=True), key=lambda e: e[:3]):
        if key == "knows" and u[0] == "colleague" and v[0] == "person" and keep(u):
            offer(u, v, (attrs.get("strength") or 0) / settings.relationship_scale)
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
    settings : AnalyticsSettings, optional
        ``relationship_scale``, ``reporting_path_weight``, ``k_paths``.

    Returns
    -------
    list of dict
        ``{"nodes": [colleague_id, person_id, ..., target_id], "score": float}``, best
        first (score rounded to 4 places; ties by node list); ``[]`` when nobody reaches
        the target.

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
    [{'nodes': ['c1', 'ann', 'boss'], 'score': 0.48},
     {'nodes': ['c2', 'boss'], 'score': 0.2}]
    """
    target = ("person", target_person_id)
    if target not in G:
        raise nx.NodeNotFound(f"person {target_person_id!r} is not in this account")
    k = settings.k_paths if k is None else k
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k!r}")
    H = introduction_graph(G, sources=sources, settings=settings)
    starts = sorted(node for node in H if node[0] == "colleague")
    if target not in H or not starts:
        return []
    H.add_edges_from(((_START, c) for c in starts), probability=1.0, cost=0.0)

    found: list[tuple[float, list[str]]] = []
    try:
        for path in nx.shortest_simple_paths(H, _START, target, weight="cost"):
            score = round(math.prod(H.edges[u, v]["probability"]
                                    for u, v in zip(path, path[1:], strict=False)), 4)
            if len(found) >= k and score < found[k - 1][0]:
                break  # worse than the k-th, and so is every later path
            found.append((score, [node[1] for node in path[1:]]))
            found.sort(key=lambda item: (-item[0], item[1]))
    except nx.NetworkXNoPath:
        return []
    return [{"nodes": nodes, "score": score} for score, nodes in found[:k]]
