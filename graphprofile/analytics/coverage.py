"""Coverage of an account: who on our side is engaged with whom, and where the gaps are.

Rules (thresholds from :class:`~graphprofile.analytics.settings.AnalyticsSettings`):

* An **engaged link** is a colleague → person pair with a relationship of effective
  strength (decayed since the last contact, see :mod:`~graphprofile.analytics.decay`)
  ``>= engaged_strength`` (3), or an interaction dated within ``engaged_days`` (180) before
  ``as_of``: ``0 <= (as_of - date).days <= engaged_days``; later dates don't count.
* An **engaged contact** is a person with at least one engaged link, from any colleague.
* **No one mapped**: not one person of the account is known while we work it (an open
  opportunity, or a colleague on its account team): the first gap a manager must see.
* **Single-threaded**: at most one engaged contact. **Single-rep**: exactly one colleague
  holds every engaged link (false when there are none).
* **Uncovered department**: no engaged person is a direct member (``member_of``).
* **Decision makers**: holders of a ``settings.decision_roles`` role (decision maker,
  economic buyer) on an open opportunity or account-wide; **unknown** when not engaged.
* **Stale person**: ``last_verified`` missing or more than ``stale_days`` (180) before
  ``as_of``.
* **Influence coverage**: the engaged contacts' share of the sum of influence scores
  (:func:`~graphprofile.analytics.influence.influence_scores`), 0.0 without people.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import networkx as nx

from graphprofile.analytics.decay import relationship_strength
from graphprofile.analytics.influence import influence_scores
from graphprofile.analytics.settings import DEFAULTS, AnalyticsSettings
from graphprofile.models import OPEN_STAGES, OWNER_ROLE

__all__ = [
    "engaged_links", "engaged_contacts", "decision_makers", "stale_people", "gaps",
    "rep_risk",
]


def _in_window(when: date | None, as_of: date, days: int) -> bool:
    return when is not None and 0 <= (as_of - when).days <= days


def _of_kind(G: nx.MultiDiGraph, *kinds: str) -> list[tuple[str, str]]:
    """The nodes ``(kind, id)`` of these kinds (read from the key: a graph built edge by
    edge has nodes without a ``kind`` attribute)."""
    return [node for node in G if node[0] in kinds]


def engaged_links(G: nx.MultiDiGraph, *, as_of: date,
                  settings: AnalyticsSettings = DEFAULTS) -> list[tuple[str, str]]:
    """Sorted ``(colleague_id, person_id)`` pairs that make the person engaged.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An account graph (see :func:`graphprofile.graph.account_graph`).
    as_of : datetime.date
        The day the question is asked; interactions after it don't count.
    settings : AnalyticsSettings, optional
        ``engaged_strength``, ``engaged_days`` and ``relationship_half_life_days``.

    Returns
    -------
    list of tuple
        Each engaged pair once, sorted.

    Examples
    --------
    >>> from datetime import date
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge(("colleague", "c1"), ("person", "p1"), key="knows", strength=3)
    'knows'
    >>> G.add_edge(("colleague", "c1"), ("person", "p2"), key="knows", strength=2)
    'knows'
    >>> G.add_edge(("colleague", "c2"), ("person", "p2"), key="interacted:i1",
    ...            date=date(2026, 1, 1))
    'interacted:i1'
    >>> engaged_links(G, as_of=date(2026, 6, 30))  # 180 days after 2026-01-01
    [('c1', 'p1'), ('c2', 'p2')]
    >>> engaged_links(G, as_of=date(2026, 7, 1))
    [('c1', 'p1')]

    A strength of 4 last contacted a half-life (180 days) ago counts 2, under 3:

    >>> G.add_edge(("colleague", "c3"), ("person", "p3"), key="knows", strength=4,
    ...            last_contact=date(2026, 1, 2))
    'knows'
    >>> engaged_links(G, as_of=date(2026, 7, 1))
    [('c1', 'p1')]
    """
    pairs = set()
    # Only our colleagues' lines: a few dozen, where the account's edges run to hundreds.
    for u, v, key, attrs in G.out_edges(_of_kind(G, "colleague"), keys=True, data=True):
        if v[0] != "person":
            continue
        if G.nodes[v].get("placeholder"):  # an empty seat is never an engaged contact
            continue
        if key == "knows":
            if relationship_strength(attrs, as_of=as_of,
                                     settings=settings) >= settings.engaged_strength:
                pairs.add((u[1], v[1]))
        elif key.startswith("interacted:"):
            if _in_window(attrs.get("date"), as_of, settings.engaged_days):
                pairs.add((u[1], v[1]))
    return sorted(pairs)


def engaged_contacts(G: nx.MultiDiGraph, *, as_of: date,
                     settings: AnalyticsSettings = DEFAULTS) -> list[str]:
    """Sorted ids of the engaged persons of an account.

    Examples
    --------
    >>> from datetime import date
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge(("colleague", "c1"), ("person", "p1"), key="knows", strength=4)
    'knows'
    >>> G.add_edge(("colleague", "c2"), ("person", "p1"), key="knows", strength=5)
    'knows'
    >>> engaged_contacts(G, as_of=date(2026, 1, 1))
    ['p1']
    """
    return sorted({p for _, p in engaged_links(G, as_of=as_of, settings=settings)})


def decision_makers(G: nx.MultiDiGraph, *, settings: AnalyticsSettings = DEFAULTS
                    ) -> list[str]:
    """Sorted ids of persons holding a decision role on an open opportunity or account-wide
    (a placeholder seat fills no role: it is not one).

    Examples
    --------
    >>> from graphprofile.models import OpportunityStage
    >>> G = nx.MultiDiGraph()
    >>> G.add_node(("opportunity", "won"), kind="opportunity", stage=OpportunityStage.WON)
    >>> G.add_node(("company", "acme"), kind="company")
    >>> G.add_edge(("person", "p1"), ("opportunity", "won"), key="role:decision_maker",
    ...            role="decision_maker")
    'role:decision_maker'
    >>> G.add_edge(("person", "p2"), ("company", "acme"), key="role:economic_buyer",
    ...            role="economic_buyer")
    'role:economic_buyer'
    >>> decision_makers(G)
    ['p2']
    """
    found = set()
    roles = set(settings.decision_roles)
    # A role points at its opportunity or, account-wide, at the company.
    for u, v, role in G.in_edges(_of_kind(G, "company", "opportunity"), data="role"):
        if u[0] != "person" or role is None or str(role) not in roles:
            continue
        if G.nodes[u].get("placeholder"):
            continue
        if v[0] == "company" or (v[0] == "opportunity"
                                 and G.nodes[v].get("stage") in OPEN_STAGES):
            found.add(u[1])
    return sorted(found)


def stale_people(G: nx.MultiDiGraph, *, as_of: date,
                 settings: AnalyticsSettings = DEFAULTS) -> list[str]:
    """Sorted ids of persons never verified or verified more than ``stale_days`` ago.

    Examples
    --------
    >>> from datetime import date
    >>> G = nx.MultiDiGraph()
    >>> G.add_node(("person", "fresh"), kind="person", last_verified=date(2026, 1, 1))
    >>> G.add_node(("person", "old"), kind="person", last_verified=date(2025, 1, 1))
    >>> G.add_node(("person", "never"), kind="person", last_verified=None)
    >>> stale_people(G, as_of=date(2026, 6, 30))
    ['never', 'old']
    """
    stale = []
    for node, attrs in G.nodes(data=True):
        if attrs.get("kind") != "person":
            continue
        verified = attrs.get("last_verified")
        if verified is None or (as_of - verified).days > settings.stale_days:
            stale.append(node[1])
    return sorted(stale)


def gaps(G: nx.MultiDiGraph, *, as_of: date, settings: AnalyticsSettings = DEFAULTS,
         scores: Mapping[str, float] | None = None) -> dict:
    """The coverage gaps of one account.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An account graph.
    as_of : datetime.date
        The day the question is asked.
    settings : AnalyticsSettings, optional
    scores : mapping, optional
        The account's :func:`influence_scores`, when the caller has them already
        (computed here otherwise).

    Returns
    -------
    dict
        ``no_one_mapped`` (bool: not one person of the account is known, though it has
        an open opportunity or an account team: the first gap),
        ``engaged_contacts`` (sorted person ids), ``colleagues`` (sorted ids of colleagues
        holding engaged links), ``single_threaded`` (bool), ``single_rep`` (bool),
        ``influence_coverage`` (float, 4 places), ``uncovered_departments``,
        ``unknown_decision_makers``, ``stale_people`` (sorted id lists).

    Examples
    --------
    >>> from datetime import date
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from([(("person", "boss"), {"kind": "person"}),
    ...                   (("person", "ann"), {"kind": "person",
    ...                                        "last_verified": date(2026, 5, 1)}),
    ...                   (("department", "d1"), {"kind": "department"})])
    >>> G.add_edge(("person", "ann"), ("person", "boss"), key="reports_to")
    'reports_to'
    >>> G.add_edge(("person", "ann"), ("department", "d1"), key="member_of")
    'member_of'
    >>> G.add_edge(("colleague", "c1"), ("person", "ann"), key="knows", strength=4)
    'knows'
    >>> # walk: ann = 0.075 + 0.425 * boss, boss = 1 - ann: ann 0.3509, boss 0.6491, so
    >>> # network standing 0.5405 : 1; standing ann -1 + 0.5 * 0.5405, boss 0.5: score
    >>> # ann 0.5 ** 1.2297 = 0.4263, boss 1; ann holds 0.4263 / 1.4263 of the total
    >>> gaps(G, as_of=date(2026, 6, 1))  # doctest: +NORMALIZE_WHITESPACE
    {'no_one_mapped': False, 'engaged_contacts': ['ann'], 'colleagues': ['c1'],
     'single_threaded': True,
     'single_rep': True, 'influence_coverage': 0.2989, 'uncovered_departments': [],
     'unknown_decision_makers': [], 'stale_people': ['boss']}
    """
    links = engaged_links(G, as_of=as_of, settings=settings)
    engaged = sorted({p for _, p in links})
    colleagues = sorted({c for c, _ in links})
    if scores is None:
        scores = influence_scores(G, settings=settings)
    total = sum(scores.values())
    covered = sum(scores.get(p, 0.0) for p in engaged)
    engaged_set = set(engaged)
    departments = sorted(node[1] for node, kind in G.nodes(data="kind") if kind == "department")
    covered_depts = {
        v[1] for _u, v, key in G.out_edges([("person", p) for p in engaged], keys=True)
        if key == "member_of"
    }
    worked = (any(kind == "opportunity" and stage in OPEN_STAGES
                  for (kind, _id), stage in G.nodes(data="stage"))
              or any(relation == "on_team" for _u, _v, relation in G.edges(data="relation")))
    return {
        "no_one_mapped": worked and not any(kind == "person" for kind, _id in G),
        "engaged_contacts": engaged,
        "colleagues": colleagues,
        "single_threaded": len(engaged) <= 1,
        "single_rep": len(colleagues) == 1,
        "influence_coverage": round(covered / total, 4) if total else 0.0,
        "uncovered_departments": [d for d in departments if d not in covered_depts],
        "unknown_decision_makers": [
            p for p in decision_makers(G, settings=settings) if p not in engaged_set],
        "stale_people": stale_people(G, as_of=as_of, settings=settings),
    }


def rep_risk(G: nx.MultiDiGraph, colleague_id: str, *, as_of: date,
             settings: AnalyticsSettings = DEFAULTS) -> dict:
    """What this account loses if one colleague leaves.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An account graph.
    colleague_id : str
        The colleague who would leave; one without links here loses nothing.
    as_of : datetime.date
        The day the question is asked.
    settings : AnalyticsSettings, optional

    Returns
    -------
    dict
        ``dark``: the account had engaged contacts and has none without the colleague;
        ``weakened``: not dark, but loses an engaged contact, orphans a decision maker,
        leaves an open opportunity or the account without its owner, or the account
        without a team;
        ``lost_contacts``: sorted persons engaged only through the colleague;
        ``orphaned_decision_makers``: sorted decision makers (see :func:`decision_makers`)
        whose every link (any relationship, or any interaction up to ``as_of``) is the
        colleague's; ``owned_open_opportunities``: sorted open opportunities they own;
        ``account_team_roles``: their sorted roles on the account's team;
        ``owns_account``: they are the account's owner (role ``owner`` on its team);
        ``last_of_account_team``: they are all of that team.

    Examples
    --------
    >>> from datetime import date
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge(("colleague", "c1"), ("person", "p1"), key="knows", strength=4)
    'knows'
    >>> G.add_edge(("colleague", "c2"), ("person", "p2"), key="knows", strength=4)
    'knows'
    >>> rep_risk(G, "c1", as_of=date(2026, 1, 1))  # doctest: +NORMALIZE_WHITESPACE
    {'dark': False, 'weakened': True, 'lost_contacts': ['p1'],
     'orphaned_decision_makers': [], 'owned_open_opportunities': [],
     'account_team_roles': [], 'owns_account': False, 'last_of_account_team': False}
    >>> G.add_edge(("colleague", "c1"), ("company", "acme"), key="on_team:owner",
    ...            relation="on_team", role="owner")
    'on_team:owner'
    >>> G.add_edge(("colleague", "c2"), ("company", "acme"), key="on_team:Sales Engineer",
    ...            relation="on_team", role="Sales Engineer")
    'on_team:Sales Engineer'
    >>> risk = rep_risk(G, "c1", as_of=date(2026, 1, 1))
    >>> risk["account_team_roles"], risk["owns_account"], risk["last_of_account_team"]
    (['owner'], True, False)
    """
    links = engaged_links(G, as_of=as_of, settings=settings)
    before = {p for _, p in links}
    after = {p for c, p in links if c != colleague_id}
    lost = sorted(before - after)
    holders: dict[str, set[str]] = {}
    for u, v, key, when in G.edges(keys=True, data="date"):
        if u[0] != "colleague" or v[0] != "person":
            continue
        if key == "knows" or (key.startswith("interacted:") and when is not None
                              and when <= as_of):
            holders.setdefault(v[1], set()).add(u[1])
    orphaned = [p for p in decision_makers(G, settings=settings)
                if holders.get(p) == {colleague_id}]
    owned = sorted(node[1] for node, a in G.nodes(data=True)
                   if a.get("kind") == "opportunity" and a.get("owner_id") == colleague_id
                   and a.get("stage") in OPEN_STAGES)
    team = [(u[1], a.get("role")) for u, v, a in G.edges(data=True)
            if a.get("relation") == "on_team" and u[0] == "colleague"]
    roles = sorted({str(role) for who, role in team if who == colleague_id})
    last_of_team = bool(roles) and all(who == colleague_id for who, _role in team)
    owns_account = OWNER_ROLE in roles
    dark = bool(before) and not after
    return {
        "dark": dark,
        "weakened": not dark and bool(lost or orphaned or owned or owns_account
                                      or last_of_team),
        "lost_contacts": lost,
        "orphaned_decision_makers": orphaned,
        "owned_open_opportunities": owned,
        "account_team_roles": roles,
        "owns_account": owns_account,
        "last_of_account_team": last_of_team,
    }
