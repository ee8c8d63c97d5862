"""The politics of a buying committee: who can reach the decision makers against us, who
is placed to counter them, and the informal factions of an account.

* **Sway graph**: a person sways their manager and their reports (a reporting line counts
  both ways) and, along an influence line, the influenced person (from source to target).
  Distances are hops; among equally short paths the one with the smallest id sequence.
* **Deciders** of a deal: holders of a ``settings.decision_roles`` role on it or
  account-wide. **Opponents**: a ``blocker`` role or an opposed stance (non-supporter,
  opponent, enemy) on the deal or account-wide. **Supporters**: a ``champion`` role or
  a supportive stance (mentor, supporter) there. Someone with a **conflict line**
  (an influence line of polarity negative) toward a decider is an opponent too, unless
  they support us; their entry names those deciders in ``conflicts``.
* **Counters** of an opponent: supporters who reach the deciders the opponent reaches,
  those reaching more of them first, then by summed distance to them, then id; a
  supporter who reaches none of them is no counter.
* **Coalitions**: Louvain communities (seed 0, weighted by strength) of the undirected
  graph of influence lines; one person on their own is no coalition. Conflict lines
  never join people: a community holding both ends of one is split, members taken by
  influence sent (then id), each into the first part they have no conflict with.
"""

from __future__ import annotations

import networkx as nx

from graphprofile.analytics.settings import DEFAULTS, AnalyticsSettings
from graphprofile.models import OPPOSED, SUPPORTIVE

__all__ = ["sway_graph", "blockers", "coalitions"]

_OPPONENT_ROLES = frozenset({"blocker"})
_SUPPORTER_ROLES = frozenset({"champion"})


def sway_graph(G: nx.MultiDiGraph) -> nx.DiGraph:
    """Persons (by id) with an edge from each to whoever they sway."""
    S = nx.DiGraph()
    S.add_nodes_from(sorted(n[1] for n in G if n[0] == "person"))
    for u, v, key in G.edges(keys=True):
        if u[0] != "person" or v[0] != "person":
            continue
        if key == "reports_to":
            S.add_edge(u[1], v[1])
            S.add_edge(v[1], u[1])
        elif key == "influences":
            S.add_edge(u[1], v[1])
    return S


def _paths_from(S: nx.DiGraph, source: str) -> dict[str, list[str]]:
    """Shortest paths from source, ties broken by the smallest id sequence (BFS over
    sorted neighbours reaches each node first along that path)."""
    paths = {source: [source]}
    frontier = [source]
    while frontier:
        following = []
        for node in frontier:  # frontier is in path order, so the first to reach wins
            for nxt in sorted(S.successors(node)):
                if nxt not in paths:
                    paths[nxt] = [*paths[node], nxt]
                    following.append(nxt)
        frontier = following
    return paths


def _holders(G: nx.MultiDiGraph, opportunity_id: str) -> list[tuple[str, str, str]]:
    """``(person_id, role, stance)`` of every role on the deal or account-wide."""
    found = []
    for u, v, attrs in G.edges(data=True):
        if u[0] != "person" or attrs.get("role") is None:
            continue
        if v == ("opportunity", opportunity_id) or v[0] == "company":
            found.append((u[1], str(attrs["role"]), str(attrs.get("stance") or "neutral")))
    return sorted(found)


def blockers(G: nx.MultiDiGraph, opportunity_id: str, *,
             settings: AnalyticsSettings = DEFAULTS, counters: int = 3) -> dict:
    """How close each opponent of a deal is to its deciders, and who can counter them.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph of the deal's account.
    opportunity_id : str
        The deal.
    settings : AnalyticsSettings, optional
        ``decision_roles``.
    counters : int, optional
        How many supporters to name per opponent (3).

    Returns
    -------
    dict
        ``deciders`` (sorted ids) and ``blockers``: per opponent, in id order,
        ``{"person_id", "roles", "paths": [{"decider", "nodes", "hops"}], "counters":
        [{"person_id", "distance", "reaches"}]}``; ``paths`` in decider order, only the
        reachable ones (a decider who is the opponent has hops 0).

    Raises
    ------
    networkx.NodeNotFound
        When the deal is not in this account.

    Examples
    --------
    The CFO decides; Ivan (blocker) reports to her; Sue (champion) influences Ivan's
    peer Pat, who reports to the CFO too:

    >>> G = nx.MultiDiGraph()
    >>> G.add_node(("opportunity", "o1"), kind="opportunity")
    >>> for a, b in (("ivan", "cfo"), ("pat", "cfo")):
    ...     _ = G.add_edge(("person", a), ("person", b), key="reports_to")
    >>> _ = G.add_edge(("person", "sue"), ("person", "pat"), key="influences", strength=0.7)
    >>> for p, role, stance in (("cfo", "decision_maker", "neutral"),
    ...                         ("ivan", "blocker", "opponent"), ("sue", "champion", "supporter")):
    ...     _ = G.add_edge(("person", p), ("opportunity", "o1"), key=f"role:{role}",
    ...                    role=role, stance=stance)
    >>> found = blockers(G, "o1")
    >>> found["blockers"][0]["paths"]
    [{'decider': 'cfo', 'nodes': ['ivan', 'cfo'], 'hops': 1}]
    >>> found["blockers"][0]["counters"]
    [{'person_id': 'sue', 'distance': 2, 'reaches': 1}]
    """
    if ("opportunity", opportunity_id) not in G:
        raise nx.NodeNotFound(f"opportunity {opportunity_id!r} is not in this account")
    holders = _holders(G, opportunity_id)
    roles_of: dict[str, list[str]] = {}
    for person, role, _stance in holders:
        roles_of.setdefault(person, []).append(role)
    deciders = sorted({p for p, role, _ in holders if role in settings.decision_roles})
    opposed = {p for p, role, stance in holders
               if role in _OPPONENT_ROLES or stance in OPPOSED}
    friendly = {p for p, role, stance in holders
                if role in _SUPPORTER_ROLES or stance in SUPPORTIVE}
    conflicts = _conflicts_toward(G, deciders)
    opponents = sorted(opposed | {p for p in conflicts if p not in friendly})
    supporters = sorted(p for p in friendly if p not in opponents)
    S = sway_graph(G)
    reach = {p: _paths_from(S, p) for p in sorted({*opponents, *supporters}) if p in S}
    found = []
    for person in opponents:
        paths_of = reach.get(person, {person: [person]})
        paths = [{"decider": d, "nodes": paths_of[d], "hops": len(paths_of[d]) - 1}
                 for d in deciders if d in paths_of]
        targets = [p["decider"] for p in paths if p["decider"] != person]
        ranked = []
        for s in supporters:
            got = [len(reach.get(s, {})[d]) - 1 for d in targets if d in reach.get(s, {})]
            if got:
                ranked.append({"person_id": s, "distance": sum(got), "reaches": len(got)})
        ranked.sort(key=lambda c: (-c["reaches"], c["distance"], c["person_id"]))
        found.append({"person_id": person, "roles": sorted(set(roles_of.get(person, ()))),
                      "paths": paths, "counters": ranked[:counters],
                      "conflicts": conflicts.get(person, [])})
    return {"deciders": deciders, "blockers": found}


def _conflicts_toward(G: nx.MultiDiGraph, deciders: list[str]) -> dict[str, list[str]]:
    """Per person, the deciders they have a conflict line toward (sorted)."""
    wanted = set(deciders)
    found: dict[str, set[str]] = {}
    for u, v, key in G.edges(keys=True):
        if key == "conflicts" and u[0] == v[0] == "person" and v[1] in wanted:
            found.setdefault(u[1], set()).add(v[1])
    return {p: sorted(ds) for p, ds in found.items()}


def _split(members: list[str], against: dict[str, set[str]],
           sent: dict[str, float]) -> list[list[str]]:
    """``members`` in parts with no conflict inside one: each member, by influence sent
    then id, joins the first part holding none of those in conflict with them."""
    parts: list[list[str]] = []
    for m in sorted(members, key=lambda m: (-sent[m], m)):
        for part in parts:
            if not against.get(m, set()) & set(part):
                part.append(m)
                break
        else:
            parts.append([m])
    return [sorted(part) for part in parts]


def coalitions(G: nx.MultiDiGraph, *, people: set[str] | None = None) -> list[dict]:
    """Informal factions: communities of the influence lines.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An account graph.
    people : set of str, optional
        Only these persons (a committee); default every person of the account.

    Returns
    -------
    list of dict
        ``{"members", "size", "leader", "supporters", "opponents"}`` largest first (then
        by first member): ``members`` sorted ids; ``leader`` the member with the most
        influence strength sent to other members (then id); ``supporters`` and
        ``opponents`` the members with a supportive or opposed stance on any deal or
        account-wide.

    Examples
    --------
    Two tight pairs joined by one weak line:

    >>> G = nx.MultiDiGraph()
    >>> for a, b, s in (("a", "b", 0.9), ("b", "a", 0.8), ("c", "d", 0.9), ("b", "c", 0.1)):
    ...     _ = G.add_edge(("person", a), ("person", b), key="influences", strength=s)
    >>> [c["members"] for c in coalitions(G)]
    [['a', 'b'], ['c', 'd']]
    """
    U = nx.Graph()
    sent: dict[str, float] = {}
    for u, v, key, strength in sorted(G.edges(keys=True, data="strength"),
                                      key=lambda e: e[:3]):
        if key != "influences" or u[0] != "person" or v[0] != "person":
            continue
        a, b = u[1], v[1]
        if people is not None and not {a, b} <= people:
            continue
        w = float(strength or 0.0)
        U.add_edge(a, b, weight=U.edges[a, b]["weight"] + w if U.has_edge(a, b) else w)
    stance: dict[str, set[str]] = {}
    for u, _v, attrs in G.edges(data=True):
        if u[0] == "person" and attrs.get("role") is not None:
            stance.setdefault(u[1], set()).add(str(attrs.get("stance") or "neutral"))
    against: dict[str, set[str]] = {}
    for u, v, key in G.edges(keys=True):
        if key == "conflicts" and u[0] == v[0] == "person":
            against.setdefault(u[1], set()).add(v[1])
            against.setdefault(v[1], set()).add(u[1])
    groups = nx.community.louvain_communities(U, weight="weight", seed=0) if U else []
    parts = []
    for group in groups:
        members = sorted(group)
        for a in members:
            sent[a] = sum(float(s or 0.0) for _u, v, k, s in
                          G.out_edges(("person", a), keys=True, data="strength")
                          if k == "influences" and v[1] in group)
        parts.extend(_split(members, against, sent))
    found = []
    for members in parts:
        if len(members) < 2:
            continue
        group = set(members)
        for a in members:
            sent[a] = sum(float(s or 0.0) for _u, v, k, s in
                          G.out_edges(("person", a), keys=True, data="strength")
                          if k == "influences" and v[1] in group)
        leader = min(members, key=lambda m: (-sent[m], m))
        found.append({
            "members": members, "size": len(members), "leader": leader,
            "supporters": [m for m in members if stance.get(m, set()) & SUPPORTIVE],
            "opponents": [m for m in members if stance.get(m, set()) & OPPOSED],
        })
    found.sort(key=lambda c: (-c["size"], c["members"][0]))
    return found
