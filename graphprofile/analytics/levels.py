"""Relationship levels: how well each colleague knows a person now (``strength``, 1-5)
against the level we aim for (``target_strength``), and the gap between them.

A relationship without a target has no gap (``None``) and is listed after those with
one; a target at or below the current level is a gap of 0 (reached).
"""

from __future__ import annotations

import networkx as nx

__all__ = ["relationship_levels"]


def relationship_levels(G: nx.MultiDiGraph, *, person_id: str | None = None) -> list[dict]:
    """Every relationship of an account (or of one person) with its current and target
    level, the largest gap first.

    Returns
    -------
    list of dict
        ``{"colleague_id", "colleague", "person_id", "person", "strength",
        "target_strength", "gap"}``; ordered by gap (largest first, no target last),
        then person and colleague id.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node(("person", "cfo"), kind="person", name="Ana")
    >>> G.add_node(("colleague", "c1"), kind="colleague", name="Kim")
    >>> _ = G.add_edge(("colleague", "c1"), ("person", "cfo"), key="knows", strength=2,
    ...                target_strength=4)
    >>> [(r["person_id"], r["strength"], r["target_strength"], r["gap"])
    ...  for r in relationship_levels(G)]
    [('cfo', 2, 4, 2)]
    """
    found = []
    for u, v, key, attrs in G.edges(keys=True, data=True):
        if key != "knows" or u[0] != "colleague" or v[0] != "person":
            continue
        if person_id is not None and v[1] != person_id:
            continue
        current = int(attrs.get("strength") or 0)
        target = attrs.get("target_strength")
        target = int(target) if target is not None else None
        found.append({
            "colleague_id": u[1], "colleague": str(G.nodes[u].get("name") or u[1]),
            "person_id": v[1], "person": str(G.nodes[v].get("name") or v[1]),
            "strength": current, "target_strength": target,
            "gap": None if target is None else max(target - current, 0)})
    found.sort(key=lambda r: (r["gap"] is None, -(r["gap"] or 0), r["person_id"],
                              r["colleague_id"]))
    return found
