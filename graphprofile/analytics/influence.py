"""Who holds the power in an account: a personalised PageRank over reporting and influence.

Algorithm
---------
1. Build a weighted "power" digraph over the account's persons: each person links to
   their manager (weight ``settings.report_weight``) and each influenced person links to
   their influencer (weight = the influence strength). Power flows along these links, so
   it moves up reporting lines and toward people who influence others.
2. Personalise the random walk with priors: the seniority prior of the person
   (``settings.seniority_priors``, ``unknown_seniority_prior`` when missing) plus the
   largest ``settings.role_priors`` bonus among the buying roles the person holds.
   Dangling persons (no manager, no influencer) teleport by the same priors.
3. Run PageRank (damping ``settings.pagerank_damping``; NumPy, no SciPy). Up to
   ``DIRECT_SOLVE_MAX`` people it is solved as one dense linear system, larger accounts
   by power iteration until the L1 change falls below ``1e-12`` per person: each is
   faster on its side of that size, and the two agree to about ``1e-9`` of the top
   score, far below the 4 places shown.
4. Hierarchy floor: a manager always outranks each report. PageRank alone can rank a
   manager of a wide team's lead below that lead (damping leaks mass at every hop), so,
   walking the reporting forest from the leaves up, a manager's score is raised to at
   least ``(1 + settings.manager_margin)`` times their best report's. People inside a
   reporting loop (bad data) get no floor from each other; see :func:`reporting_loops`.
5. Normalise so the top person scores 1.0; rank by score (descending), ties by person id.

Scores are rounded to 4 places in the output; ranks use the unrounded values (to 12
places) so that near-ties still fall to the person id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

import networkx as nx
import numpy as np

from graphprofile.analytics.settings import DEFAULTS, AnalyticsSettings

__all__ = ["DIRECT_SOLVE_MAX", "influence", "influence_scores", "reporting_loops", "power_graph"]

# Accounts up to this many people get their PageRank from a dense solve (one LAPACK
# call, O(n^3)), larger ones by power iteration (steps of O(n)): the solve is the faster
# of the two up to about this size (BENCHMARKS.md, sixth round).
DIRECT_SOLVE_MAX = 200


def _prior(seniority: object, roles: Iterable[object], settings: AnalyticsSettings) -> float:
    base = settings.seniority_priors.get(str(seniority), settings.unknown_seniority_prior) \
        if seniority is not None else settings.unknown_seniority_prior
    bonus = max((settings.role_priors.get(str(r), 0.0) for r in roles), default=0.0)
    return max(base + bonus, 1e-9)  # a zero prior would starve the walk


def _priors(people: Iterable[tuple[object, Iterable[object]]], settings: AnalyticsSettings
            ) -> list[float]:
    """The prior of each ``(seniority, roles)``, each distinct pair worked out once (an
    account has a handful: most people hold no buying role)."""
    known: dict[tuple[object, tuple[object, ...]], float] = {}
    priors = []
    for seniority, roles in people:
        key = (seniority, tuple(roles))
        if key not in known:
            known[key] = _prior(seniority, key[1], settings)
        priors.append(known[key])
    return priors


class _Structure(NamedTuple):
    """What the influence walk reads of an account, in plain lists."""

    people: list[str]                           # sorted person ids
    priors: list[float]                         # by position in ``people``
    reports: list[tuple[str, str]]              # (report, manager), both persons
    influences: list[tuple[str, str, float]]    # (source, target, strength)

    def lines(self, settings: AnalyticsSettings) -> list[tuple[str, str, float]]:
        """The walk's weighted links: report -> manager, influenced -> influencer."""
        lines = [(u, v, settings.report_weight) for u, v in self.reports
                 if settings.report_weight > 0]
        lines += [(target, source, w) for source, target, w in self.influences if w > 0]
        return lines


def _structure(G: nx.Graph, settings: AnalyticsSettings) -> _Structure:
    """Persons, priors, reporting and influence lines, in one pass over the persons.

    An account graph is read through each person's out-edges only (reporting, influence
    and role lines start at the person), never through the whole edge list; a person
    graph through its edge attributes.
    """
    reports: list[tuple[str, str]] = []
    influences: list[tuple[str, str, float]] = []
    if isinstance(G, nx.MultiDiGraph):
        people = sorted(n[1] for n, kind in G.nodes(data="kind") if kind == "person")
        roles: dict[str, list[object]] = {}
        for u, v, key, attrs in G.out_edges([("person", pid) for pid in people],
                                            keys=True, data=True):
            if key == "reports_to" and v[0] == "person":
                reports.append((u[1], v[1]))
            elif key == "influences" and v[0] == "person":
                influences.append((u[1], v[1], float(attrs.get("strength") or 0.0)))
            elif attrs.get("role"):
                roles.setdefault(u[1], []).append(attrs["role"])
        priors = _priors(((G.nodes["person", pid].get("seniority"), roles.get(pid, ()))
                          for pid in people), settings)
        return _Structure(people, priors, reports, influences)
    people = sorted(G)
    priors = _priors(((G.nodes[pid].get("seniority"), G.nodes[pid].get("roles", ()))
                      for pid in people), settings)
    for u, v, attrs in G.edges(data=True):
        if attrs.get("reports_to"):
            reports.append((u, v))
        if attrs.get("influence"):
            influences.append((u, v, float(attrs["influence"])))
    return _Structure(people, priors, reports, influences)


def power_graph(G: nx.Graph, *, settings: AnalyticsSettings = DEFAULTS) -> nx.DiGraph:
    """The weighted digraph the influence PageRank walks on.

    Each person links to their manager with ``settings.report_weight`` and each influenced
    person links to their influencer with the influence strength (weights add up when
    both hold). Zero-weight links are left out.

    Parameters
    ----------
    G : networkx.MultiDiGraph or networkx.DiGraph
        An account graph (see :func:`graphprofile.graph.account_graph`) or a person graph
        (see :func:`graphprofile.graph.people_graph`).
    settings : AnalyticsSettings, optional

    Returns
    -------
    networkx.DiGraph
        Nodes are person ids; edges carry ``weight``.

    Examples
    --------
    >>> P = nx.DiGraph()
    >>> P.add_edge("ann", "boss", reports_to=True)
    >>> P.add_edge("ann", "bob", influence=0.5)
    >>> sorted(power_graph(P).edges(data="weight"))
    [('ann', 'boss', 1.0), ('bob', 'ann', 0.5)]
    """
    structure = _structure(G, settings)
    H = nx.DiGraph()
    H.add_nodes_from(structure.people)
    for u, v, w in structure.lines(settings):
        H.add_edge(u, v, weight=(H.edges[u, v]["weight"] if H.has_edge(u, v) else 0.0) + w)
    return H


def _pagerank(s: _Structure, settings: AnalyticsSettings) -> np.ndarray:
    """Personalised PageRank: the walk's stationary distribution (sums to 1).

    Power flows report -> manager (``report_weight``) and influenced -> influencer (the
    strength); parallel lines add up and zero weights are left out. Up to
    ``DIRECT_SOLVE_MAX`` people by :func:`_solve`, else by power iteration, one
    ``np.bincount`` per step.
    """
    index = {pid: i for i, pid in enumerate(s.people)}
    n = len(s.people)
    lines = [(index[u], index[v], w) for u, v, w in s.lines(settings)]
    src = np.fromiter((u for u, _, _ in lines), dtype=np.int64, count=len(lines))
    dst = np.fromiter((v for _, v, _ in lines), dtype=np.int64, count=len(lines))
    weight = np.fromiter((w for _, _, w in lines), dtype=float, count=len(lines))
    p = np.array(s.priors, dtype=float)
    p /= p.sum()
    out = np.bincount(src, weights=weight, minlength=n)
    share = weight / out[src] if len(lines) else weight
    alpha = settings.pagerank_damping
    if n <= DIRECT_SOLVE_MAX:
        return _solve(n, src, dst, alpha * share, p)
    dangling = out == 0
    x = p.copy()
    for _ in range(1000):
        nxt = (1 - alpha) * p + alpha * x[dangling].sum() * p
        nxt += np.bincount(dst, weights=alpha * x[src] * share, minlength=n)
        delta = np.abs(nxt - x).sum()
        x = nxt
        if delta < 1e-12 * n:
            break
    return x


def _solve(n: int, src: np.ndarray, dst: np.ndarray, flow: np.ndarray,
           p: np.ndarray) -> np.ndarray:
    """PageRank as a linear system: ``x = (1 - a) p + a (dangling mass) p + a M x``.

    ``M x`` moves each person's score along their lines (``flow`` = damping times the
    line's share of its source's weight), so ``x`` is proportional to the solution of
    ``(I - a M) y = p``: the teleport and dangling terms only scale ``p``. ``a M`` has
    column sums below 1, so ``I - a M`` is never singular.
    """
    A = np.zeros((n, n))
    flat = A.reshape(-1)
    np.add.at(flat, dst * n + src, -flow)
    flat[::n + 1] += 1.0
    y = np.linalg.solve(A, p)
    return y / y.sum()


def _hierarchy_floor(raw: dict[str, float], reports: list[tuple[str, str]],
                     margin: float) -> None:
    """Raise each manager to ``(1 + margin)`` times their best report, leaves first.

    Reporting lines normally form a forest: peel it from the people nobody reports to
    (Kahn's order), so each manager is final before their own manager reads them.
    Members of a reporting loop (bad data) don't floor each other: when a loop is
    present, the condensation of the reporting graph gives the order instead.
    """
    managers: dict[str, list[str]] = {}
    waiting: dict[str, int] = dict.fromkeys(raw, 0)
    for report, manager in reports:
        managers.setdefault(report, []).append(manager)
        waiting[manager] += 1
    best: dict[str, float] = {}
    ready = [pid for pid, n in waiting.items() if n == 0]
    done = 0
    while ready:
        pid = ready.pop()
        done += 1
        if pid in best:
            raw[pid] = max(raw[pid], best[pid] * (1 + margin))
        for manager in managers.get(pid, ()):
            best[manager] = max(best.get(manager, 0.0), raw[pid])
            waiting[manager] -= 1
            if waiting[manager] == 0:
                ready.append(manager)
    if done == len(raw):
        return
    # A loop: redo the floor over strongly connected components (the rare, slow path).
    R = nx.DiGraph()
    R.add_nodes_from(sorted(raw))
    R.add_edges_from(sorted(reports))
    C = nx.condensation(R)
    members = C.graph["mapping"]
    scc_members: dict[int, list[str]] = {}
    for pid, c in members.items():
        scc_members.setdefault(c, []).append(pid)
    for c in nx.lexicographical_topological_sort(C):
        for pid in sorted(scc_members[c]):
            top = max((raw[r] for r in R.predecessors(pid) if members[r] != c), default=0.0)
            raw[pid] = max(raw[pid], top * (1 + margin))


def influence_scores(G: nx.Graph, *, settings: AnalyticsSettings = DEFAULTS
                     ) -> dict[str, float]:
    """Unrounded influence scores in [0, 1] (the top person is 1.0), keyed by person id.

    Parameters
    ----------
    G : networkx.MultiDiGraph or networkx.DiGraph
        An account graph or a person graph.
    settings : AnalyticsSettings, optional

    Returns
    -------
    dict
        ``{person_id: score}`` in person-id order; ``{}`` for an account without people.

    Examples
    --------
    Two reports and their boss, equal priors: each report keeps
    ``a = 0.05 + 0.85 * boss / 3`` with ``boss = 1 - 2a``, so ``a = 0.2128``,
    ``boss = 0.5745`` and, normalised, ``0.2128 / 0.5745 = 0.3704``:

    >>> P = nx.DiGraph()
    >>> P.add_edges_from([("ann", "boss"), ("bob", "boss")], reports_to=True)
    >>> {p: round(s, 4) for p, s in influence_scores(P).items()}
    {'ann': 0.3704, 'bob': 0.3704, 'boss': 1.0}
    """
    structure = _structure(G, settings)
    if not structure.people:
        return {}
    x = _pagerank(structure, settings)
    raw = {pid: float(x[i]) for i, pid in enumerate(structure.people)}
    _hierarchy_floor(raw, structure.reports, settings.manager_margin)

    top = max(raw.values())
    return {pid: raw[pid] / top for pid in sorted(raw)}


def influence(G: nx.Graph, *, settings: AnalyticsSettings = DEFAULTS,
              scores: Mapping[str, float] | None = None
              ) -> dict[str, dict[str, float | int]]:
    """Influence score and rank of every person of an account.

    See the module docstring for the algorithm.

    Parameters
    ----------
    G : networkx.MultiDiGraph or networkx.DiGraph
        An account graph (see :func:`graphprofile.graph.account_graph`) or a person graph.
    settings : AnalyticsSettings, optional
        Damping, reporting weight, manager margin and priors.

    Returns
    -------
    dict
        ``{person_id: {"score": float, "rank": int}}`` in rank order: score in [0, 1]
        rounded to 4 places (the top person is 1.0), rank 1 for the top, ties broken by
        person id. ``{}`` for an account without people. ``scores`` takes the
        account's :func:`influence_scores` when the caller has them already.

    Examples
    --------
    A head with two reports; Ann also influences Bob, which lifts her above him:

    >>> P = nx.DiGraph()
    >>> P.add_edges_from([("ann", "head"), ("bob", "head")], reports_to=True)
    >>> P.add_edge("ann", "bob", influence=0.9)
    >>> for pid, r in influence(P).items():
    ...     print(pid, r["rank"], r["score"])
    head 1 1.0
    ann 2 0.5314
    bob 3 0.3788
    >>> influence(nx.DiGraph())
    {}
    """
    if scores is None:
        scores = influence_scores(G, settings=settings)
    order = sorted(scores, key=lambda pid: (-round(scores[pid], 12), pid))
    return {pid: {"score": round(scores[pid], 4), "rank": i}
            for i, pid in enumerate(order, start=1)}


def reporting_loops(G: nx.Graph) -> list[list[str]]:
    """Reporting loops (bad data): people who, up the chain, end up reporting to themselves.

    Parameters
    ----------
    G : networkx.MultiDiGraph or networkx.DiGraph
        An account graph or a person graph.

    Returns
    -------
    list of list of str
        Each loop as person ids in reporting order, starting at its smallest id; loops
        sorted. ``[]`` when the reporting lines form a forest.

    Examples
    --------
    >>> P = nx.DiGraph()
    >>> P.add_edges_from([("b", "c"), ("c", "a"), ("a", "b"), ("d", "a")], reports_to=True)
    >>> reporting_loops(P)
    [['a', 'b', 'c']]
    """
    structure = _structure(G, DEFAULTS)  # the reporting lines; settings play no part
    R = nx.DiGraph()
    R.add_nodes_from(structure.people)
    R.add_edges_from(sorted(structure.reports))
    loops = []
    for scc in nx.strongly_connected_components(R):
        if len(scc) < 2:
            continue
        start = min(scc)
        inside = R.subgraph(scc)
        first = min(inside.successors(start))  # one manager each; min() only for odd input
        loops.append([start, *nx.shortest_path(inside, first, start)[:-1]])
    return sorted(loops)
