"""How fragile an account's coverage is: who on our side it hangs on, and what one
customer-side departure would cost.

* **Relationship bus factor** of a key person (a decision maker or economic buyer, see
  :func:`~graphprofile.analytics.coverage.decision_makers`): the smallest set of our
  colleagues whose departure leaves no warm path to them, warm paths exactly as
  :func:`~graphprofile.analytics.paths.warm_paths` walks them (on
  :func:`~graphprofile.analytics.paths.introduction_graph`). It is a minimum vertex cut
  where only colleagues may be cut: a flow network with capacity 1 from a virtual source
  to each colleague and unbounded capacity on every introduction edge, solved by
  :func:`networkx.minimum_cut`. Size 0 with an empty cut when no warm path exists today.
  Relationships decay as warm paths decay them (up to ``as_of``): that changes which path
  is best, and removes a link only once it has faded to 0 (at 4 places).
* **Champion departure what-if**: the account graph without the person, compared with
  the graph as it is: engaged contacts, influence coverage
  (:func:`~graphprofile.analytics.coverage.gaps`) and the best warm path to every other
  key person.
"""

from __future__ import annotations

from datetime import date

import networkx as nx

from graphprofile.analytics.coverage import decision_makers, gaps
from graphprofile.analytics.paths import best_warm_paths, introduction_graph
from graphprofile.analytics.settings import DEFAULTS, AnalyticsSettings

__all__ = ["bus_factor", "departure"]

_SOURCE = ("__source__", "")


def _cut(H: nx.DiGraph, target: tuple[str, str]) -> list[str]:
    """Sorted ids of the fewest colleagues separating every colleague path from target."""
    colleagues = sorted(node for node in H if node[0] == "colleague")
    if target not in H or not colleagues:
        return []
    F = nx.DiGraph()
    F.add_edges_from(H.edges())  # no capacity attribute: unbounded
    F.add_edges_from(((_SOURCE, c) for c in colleagues), capacity=1)
    if not nx.has_path(F, _SOURCE, target):
        return []
    _value, (reachable, _rest) = nx.minimum_cut(F, _SOURCE, target)
    return sorted(c[1] for c in colleagues if c not in reachable)


def bus_factor(G: nx.MultiDiGraph, *, as_of: date | None = None,
               settings: AnalyticsSettings = DEFAULTS) -> dict:
    """The relationship bus factor of an account and of each of its key persons.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An account graph.
    as_of : datetime.date, optional
        The day relationships are decayed to, as
        :func:`~graphprofile.analytics.paths.warm_paths` decays them; None counts them as
        recorded.
    settings : AnalyticsSettings, optional
        ``decision_roles`` (who counts as a key person) and the warm-path weights.

    Returns
    -------
    dict
        ``size``: the smallest ``size`` over the targets (None without key persons);
        ``targets``: ``[{"person_id", "size", "cut"}]`` in person id order, ``cut`` the
        sorted colleague ids whose departure leaves no warm path to the person.

    Examples
    --------
    c1 and c2 both know Ann, who reports to the boss; c3 knows only Carol, in another
    part of the company. Both the boss and Carol decide. Cutting the boss off takes c1
    and c2 (persons are never cut); Carol hangs on c3 alone, so the account's is 1:

    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from([("colleague", c) for c in ("c1", "c2", "c3")], kind="colleague")
    >>> G.add_nodes_from([("person", p) for p in ("ann", "boss", "carol")], kind="person")
    >>> for c, p in (("c1", "ann"), ("c2", "ann"), ("c3", "carol")):
    ...     _ = G.add_edge(("colleague", c), ("person", p), key="knows", strength=4)
    >>> _ = G.add_edge(("person", "ann"), ("person", "boss"), key="reports_to")
    >>> for p in ("boss", "carol"):
    ...     _ = G.add_edge(("person", p), ("company", "acme"), key="role:decision_maker",
    ...                    role="decision_maker")
    >>> bus_factor(G)  # doctest: +NORMALIZE_WHITESPACE
    {'size': 1, 'targets': [{'person_id': 'boss', 'size': 2, 'cut': ['c1', 'c2']},
                            {'person_id': 'carol', 'size': 1, 'cut': ['c3']}]}
    """
    H = introduction_graph(G, as_of=as_of, settings=settings)
    targets = []
    for person_id in decision_makers(G, settings=settings):
        cut = _cut(H, ("person", person_id))
        targets.append({"person_id": person_id, "size": len(cut), "cut": cut})
    return {"size": min((t["size"] for t in targets), default=None), "targets": targets}


def departure(G: nx.MultiDiGraph, person_id: str, *, as_of: date,
              settings: AnalyticsSettings = DEFAULTS) -> dict:
    """What the account loses if one of its persons leaves, before it happens.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An account graph.
    person_id : str
        The customer-side person who would leave.
    as_of : datetime.date
        The day the question is asked (engagement windows, relationship decay).
    settings : AnalyticsSettings, optional

    Returns
    -------
    dict
        ``engaged_contacts``: ``{"before", "after", "lost"}`` (counts, and the sorted ids
        no longer engaged: the person, when they were);
        ``influence_coverage``: ``{"before", "after", "change"}`` (4 places);
        ``warm_paths``: for every other key person, ``{"person_id", "before", "after",
        "lost"}`` with the best path (as
        :func:`~graphprofile.analytics.paths.warm_paths` gives it, or None) each side and
        ``lost`` true when the best path went through the person and got worse or went;
        ``unreachable``: sorted key persons with a warm path today and none after.

    Raises
    ------
    networkx.NodeNotFound
        When the person is not in this account.

    Examples
    --------
    c1 knows Ann well; Ann reports to the boss, a decision maker nobody else reaches:

    >>> from datetime import date
    >>> G = nx.MultiDiGraph()
    >>> G.add_node(("colleague", "c1"), kind="colleague")
    >>> G.add_nodes_from([("person", "ann"), ("person", "boss")], kind="person")
    >>> _ = G.add_edge(("colleague", "c1"), ("person", "ann"), key="knows", strength=4)
    >>> _ = G.add_edge(("person", "ann"), ("person", "boss"), key="reports_to")
    >>> _ = G.add_edge(("person", "boss"), ("company", "acme"), key="role:decision_maker",
    ...                role="decision_maker")
    >>> what = departure(G, "ann", as_of=date(2026, 6, 1))
    >>> what["engaged_contacts"], what["unreachable"]
    ({'before': 1, 'after': 0, 'lost': ['ann']}, ['boss'])
    >>> what["warm_paths"][0]["before"]["nodes"], what["warm_paths"][0]["after"]
    (['c1', 'ann', 'boss'], None)
    """
    node = ("person", person_id)
    if node not in G:
        raise nx.NodeNotFound(f"person {person_id!r} is not in this account")
    after_graph = G.copy()
    after_graph.remove_node(node)
    before = gaps(G, as_of=as_of, settings=settings)
    after = gaps(after_graph, as_of=as_of, settings=settings)
    keys = [p for p in decision_makers(G, settings=settings) if p != person_id]
    paths_before = best_warm_paths(G, keys, as_of=as_of, settings=settings)
    paths_after = best_warm_paths(after_graph, keys, as_of=as_of, settings=settings)
    paths = []
    for p in keys:
        was, now = paths_before[p], paths_after[p]
        through = was is not None and person_id in was["nodes"]
        worse = now is None or (was is not None and now["score"] < was["score"])
        paths.append({"person_id": p, "before": was, "after": now,
                      "lost": through and worse})
    return {
        "engaged_contacts": {
            "before": len(before["engaged_contacts"]),
            "after": len(after["engaged_contacts"]),
            "lost": sorted(set(before["engaged_contacts"]) - set(after["engaged_contacts"])),
        },
        "influence_coverage": {
            "before": before["influence_coverage"], "after": after["influence_coverage"],
            "change": round(after["influence_coverage"] - before["influence_coverage"], 4),
        },
        "warm_paths": paths,
        "unreachable": sorted(p for p in keys
                              if paths_before[p] is not None and paths_after[p] is None),
    }
