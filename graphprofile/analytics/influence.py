"""Who holds the power in an account: formal level first, then network, roles and influence.

The model
---------
Power in a buying organisation is first formal rank, then what moves people within and
across ranks: their place in the network of reporting and influence lines, their buying
roles, and strong informal influence over someone more senior. Every part is counted in
*levels* (one level = one step down the reporting forest), so the parameters say how
much of one thing outweighs another.

1. **Formal level** ``L`` (0 = the top; :func:`formal_levels`). A person's seniority, given
   or inferred from the title (:func:`~graphprofile.analytics.seniority.seniority_from_title`,
   when ``settings.infer_seniority_from_title``), stands for ``settings.seniority_levels``
   (c_level 0, vp 1, director 2, manager 3, senior 4, staff 5, junior 6), but never above
   their manager's level. Without a seniority a person sits one level below their
   manager. The top of a reporting tree without a seniority takes the most senior level
   its people imply (a VP two steps below puts it at 0 - never above 0), else 0: a tree
   without any seniority is measured as distance from its top.
2. **Network standing** ``N`` in [0, 1]: a personalised PageRank over the account's
   persons, normalised so the account's best is 1. Each person links to their manager
   (weight ``settings.report_weight``) and each influenced person to their influencer
   (weight = the strength); the walk teleports by the seniority prior
   (``settings.seniority_priors``) plus the largest ``settings.role_priors`` bonus of the
   person's buying roles. Damping ``settings.pagerank_damping``; up to
   ``DIRECT_SOLVE_MAX`` people one dense solve, larger accounts power iteration to an L1
   change below ``1e-12`` per person (the two agree to about ``1e-9``).
3. **Standing** ``= -L + settings.network_levels * N + settings.role_levels * R``, where
   ``R`` is the largest ``settings.role_priors`` bonus among the person's roles. With the
   defaults the network is worth at most half a level and a decision maker 0.75 of one:
   alone, neither moves a person past someone a full level up.
4. **Influence lift**: an influence line of strength ``s`` from ``u`` to ``t`` raises
   ``u``'s standing to at least ``standing(t) - (1 - s) * settings.influence_span``
   (lines chain: the adviser of the CEO's adviser is lifted too; solved as a longest
   path, since no lift exceeds the target's standing). With the default span 3, a 0.9
   line puts its source 0.3 of a level below its target, and a line must be stronger
   than 2/3 to lift its source past people one level below the target.
5. **Score** ``= settings.level_decay ** (top standing - standing)``: 1.0 for the top
   person, half for someone one level lower with the default decay 0.5.
6. **Hierarchy floor**: a manager always outranks each report. Walking the reporting
   forest from the leaves up, a manager's score is raised to at least
   ``(1 + settings.manager_margin)`` times their best report's (a report lifted by
   influence lifts their manager with them). People inside a reporting loop (bad data)
   get no floor from each other; see :func:`reporting_loops`. The scores are
   normalised again so the top is 1.0.
7. Rank by score (descending), ties by person id.

Scores are rounded to 4 places in the output; ranks use the unrounded values (to 12
places) so that near-ties still fall to the person id. :func:`network_scores` gives the
network part alone with the floor (the score before formal levels were counted).
"""

from __future__ import annotations

import heapq
import statistics
from collections.abc import Iterable, Mapping
from typing import NamedTuple

import networkx as nx
import numpy as np

from graphprofile.analytics.seniority import seniority_from_title
from graphprofile.analytics.settings import DEFAULTS, AnalyticsSettings

__all__ = ["DIRECT_SOLVE_MAX", "formal_levels", "influence", "influence_scores",
           "network_scores", "power_graph", "reporting_loops"]

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
    seniorities: list[str | None]               # given or inferred, by position
    role_bonus: list[float]                     # largest role prior, by position

    def lines(self, settings: AnalyticsSettings) -> list[tuple[str, str, float]]:
        """The walk's weighted links: report -> manager, influenced -> influencer."""
        lines = [(u, v, settings.report_weight) for u, v in self.reports
                 if settings.report_weight > 0]
        lines += [(target, source, w) for source, target, w in self.influences if w > 0]
        return lines


def _seniority(seniority: object, title: object, settings: AnalyticsSettings) -> str | None:
    """The given seniority, else (when the settings say so) the one the title implies."""
    if seniority is not None:
        return str(seniority)
    if settings.infer_seniority_from_title and isinstance(title, str):
        level = seniority_from_title(title)
        return level.value if level is not None else None
    return None


def _people(attrs: Iterable[tuple[object, object, Iterable[object]]],
            settings: AnalyticsSettings) -> tuple[list[str | None], list[float], list[float]]:
    """Effective seniority, prior and largest role bonus of each ``(seniority, title,
    roles)``."""
    seniorities, people, bonus = [], [], []
    for seniority, title, roles in attrs:
        level = _seniority(seniority, title, settings)
        roles = tuple(roles)
        seniorities.append(level)
        people.append((level, roles))
        bonus.append(max((settings.role_priors.get(str(r), 0.0) for r in roles), default=0.0))
    return seniorities, _priors(people, settings), bonus


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
        nodes = G.nodes
        seniorities, priors, bonus = _people(
            ((nodes["person", pid].get("seniority"), nodes["person", pid].get("title"),
              roles.get(pid, ())) for pid in people), settings)
        return _Structure(people, priors, reports, influences, seniorities, bonus)
    people = sorted(G)
    seniorities, priors, bonus = _people(
        ((G.nodes[pid].get("seniority"), G.nodes[pid].get("title"),
          G.nodes[pid].get("roles", ())) for pid in people), settings)
    for u, v, attrs in G.edges(data=True):
        if attrs.get("reports_to"):
            reports.append((u, v))
        if attrs.get("influence"):
            influences.append((u, v, float(attrs["influence"])))
    return _Structure(people, priors, reports, influences, seniorities, bonus)


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


def _levels(s: _Structure, settings: AnalyticsSettings) -> dict[str, float]:
    """Formal level of each person (0 = top): title and distance from the top, blended.

    Each reporting tree (members of a reporting loop, bad data, each start one of their
    own, the smallest id first) is placed by its people with a seniority: its offset is
    the median of their ``seniority level - depth`` (never below 0). A person's level is then
    ``w * seniority level + (1 - w) * (offset + depth)`` with ``w =
    settings.title_weight``, or ``offset + depth`` without a seniority, and never above
    (below in number) their manager's. A tree without any seniority hangs its deepest
    people at the account's median level (0 when nobody has a seniority: plain distance
    from the top).
    """
    given = {pid: settings.seniority_levels.get(sen) if sen is not None else None
             for pid, sen in zip(s.people, s.seniorities, strict=True)}
    manager: dict[str, str] = {}
    reports: dict[str, list[str]] = {}
    for report, boss in sorted(s.reports):
        if report not in manager:  # one manager each; the first, for odd input
            manager[report] = boss
            reports.setdefault(boss, []).append(report)
    trees: list[list[tuple[str, int]]] = []
    seen: set[str] = set()

    def tree(top: str) -> list[tuple[str, int]]:
        # preorder (each manager before their reports), with the depth below ``top``
        order, stack = [], [(top, 0)]
        seen.add(top)
        while stack:
            pid, depth = stack.pop()
            order.append((pid, depth))
            for r in reversed(reports.get(pid, ())):
                if r not in seen:
                    seen.add(r)
                    stack.append((r, depth + 1))
        return order

    for pid in s.people:
        if pid not in manager:
            trees.append(tree(pid))
    for pid in s.people:  # reporting loops: what no top reaches
        if pid not in seen:
            trees.append(tree(pid))
    w = settings.title_weight
    levels: dict[str, float] = {}

    def place(members: list[tuple[str, int]], offset: float) -> None:
        for pid, depth in members:
            own = offset + depth
            if given[pid] is not None:
                own = w * given[pid] + (1 - w) * own
            boss = manager.get(pid)
            levels[pid] = max(own, levels[boss]) if depth and boss in levels else own

    untitled = []
    for members in trees:
        offsets = [given[p] - d for p, d in members if given[p] is not None]
        if offsets:
            place(members, max(0.0, statistics.median(offsets)))  # the top is level 0
        else:
            untitled.append(members)
    typical = statistics.median(levels.values()) if levels else 0.0
    for members in untitled:
        place(members, max(0.0, typical - max(d for _, d in members)))
    return levels


def formal_levels(G: nx.Graph, *, settings: AnalyticsSettings = DEFAULTS) -> dict[str, float]:
    """Formal level of every person: steps below the top of the account (0 = top).

    Seniority given or inferred from the title sets the level
    (``settings.seniority_levels``), never above the manager's; otherwise one below the
    manager. See the module docstring.

    Parameters
    ----------
    G : networkx.MultiDiGraph or networkx.DiGraph
        An account graph or a person graph.
    settings : AnalyticsSettings, optional

    Returns
    -------
    dict
        ``{person_id: level}`` in person-id order.

    Examples
    --------
    A CEO, a VP by title, the VP's two reports without titles, and a "Team Lead" whose
    manager is not in the account (a tree of their own, level from the title):

    >>> P = nx.DiGraph()
    >>> P.add_node("vp", title="Vice President, Sales")
    >>> P.add_node("tl", title="Team Lead")
    >>> P.add_edges_from([("vp", "ceo"), ("ann", "vp"), ("bob", "ann")], reports_to=True)
    >>> formal_levels(P)
    {'ann': 2.0, 'bob': 3.0, 'ceo': 0.0, 'tl': 4.0, 'vp': 1.0}
    """
    structure = _structure(G, settings)
    levels = _levels(structure, settings)
    return {pid: levels[pid] for pid in structure.people}


def _lift(standing: dict[str, float], influences: list[tuple[str, str, float]],
          span: float) -> None:
    """Raise each influencer to ``standing(target) - (1 - strength) * span``, chained.

    A longest-path relaxation from the highest standing down (Dijkstra's order with a
    max-heap): a lift never exceeds its target's standing, so each person is final when
    popped.
    """
    lines: dict[str, list[tuple[str, float]]] = {}
    for source, target, strength in influences:
        if strength > 0:
            lines.setdefault(target, []).append((source, (1 - min(strength, 1.0)) * span))
    if not lines:
        return
    heap = [(-value, pid) for pid, value in standing.items()]
    heapq.heapify(heap)
    done: set[str] = set()
    while heap:
        value, pid = heapq.heappop(heap)
        if pid in done or -value < standing[pid]:
            continue
        done.add(pid)
        for source, cost in lines.get(pid, ()):
            lifted = standing[pid] - cost
            if lifted > standing[source] and source not in done:
                standing[source] = lifted
                heapq.heappush(heap, (-lifted, source))


def network_scores(G: nx.Graph, *, settings: AnalyticsSettings = DEFAULTS
                   ) -> dict[str, float]:
    """The network part alone: PageRank with the hierarchy floor, the top person 1.0.

    This was the whole influence score before formal levels were counted (with
    ``infer_seniority_from_title=False`` exactly so); :func:`influence_scores` reads the
    PageRank before the floor as its network standing.

    Examples
    --------
    >>> P = nx.DiGraph()
    >>> P.add_edges_from([("ann", "boss"), ("bob", "boss")], reports_to=True)
    >>> {p: round(s, 4) for p, s in network_scores(P).items()}
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
    Two reports and their boss, equal priors. The walk: each report keeps
    ``a = 0.05 + 0.85 * boss / 3`` with ``boss = 1 - 2a``, so ``a = 0.2128``,
    ``boss = 0.5745``: network standing 0.3704 of the boss's. Standing: the boss
    ``0 + 0.5 * 1 = 0.5``, a report ``-1 + 0.5 * 0.3704 = -0.8148``; score
    ``0.5 ** (0.5 + 0.8148) = 0.4020``:

    >>> P = nx.DiGraph()
    >>> P.add_edges_from([("ann", "boss"), ("bob", "boss")], reports_to=True)
    >>> {p: round(s, 4) for p, s in influence_scores(P).items()}
    {'ann': 0.402, 'bob': 0.402, 'boss': 1.0}
    """
    structure = _structure(G, settings)
    if not structure.people:
        return {}
    x = _pagerank(structure, settings)
    network = x / x.max()
    levels = _levels(structure, settings)
    standing = {
        pid: -levels[pid] + settings.network_levels * float(network[i])
        + settings.role_levels * structure.role_bonus[i]
        for i, pid in enumerate(structure.people)}
    _lift(standing, structure.influences, settings.influence_span)
    best = max(standing.values())
    raw = {pid: settings.level_decay ** (best - value) for pid, value in standing.items()}
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
        Seniority levels, level decay, network, role and influence weights, damping,
        reporting weight, manager margin and priors.

    Returns
    -------
    dict
        ``{person_id: {"score": float, "rank": int}}`` in rank order: score in [0, 1]
        rounded to 4 places (the top person is 1.0), rank 1 for the top, ties broken by
        person id. ``{}`` for an account without people. ``scores`` takes the
        account's :func:`influence_scores` when the caller has them already.

    Examples
    --------
    A head with two reports; Ann also influences Bob, which lifts her above him (her
    network standing, 0.5314 of the head's against his 0.3788):

    >>> P = nx.DiGraph()
    >>> P.add_edges_from([("ann", "head"), ("bob", "head")], reports_to=True)
    >>> P.add_edge("ann", "bob", influence=0.9)
    >>> for pid, r in influence(P).items():
    ...     print(pid, r["rank"], r["score"])
    head 1 1.0
    ann 2 0.425
    bob 3 0.4032
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
