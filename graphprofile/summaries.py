"""Stored per-account summaries: what the portfolio, gaps and cross-sell pages show, kept
fresh on change.

The portfolio page needs a handful of figures per account (engaged contacts, influence
coverage, threading flags, open deals, whitespace, last touch, audit score), the gaps
page the account's gaps (unknown decision makers, uncovered departments, stale people),
and the cross-sell page every department x product opening of the portfolio. Computing
them means loading and analysing every account, so they are stored, computed for one
as-of date: the figures as one ``:AccountSummary`` node per account, the openings (every
cell of :func:`~graphprofile.analytics.whitespace` but ``ours``) as ``:CrossSellCell``
nodes, both written in one transaction. A write forgets the summary and the cells of the
accounts it touched (a bulk import forgets all); the next request recomputes only what is
missing or was computed for another date.

The propensity scores of the stored cells use the portfolio's peer figures (read once
per refresh) as they were when the
account was refreshed: a change at another account moves the peer figures, but not the
stored scores of this one until it is itself refreshed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from typing import Any, NamedTuple

import networkx as nx

from graphprofile import analytics, portfolio
from graphprofile.analytics import DEFAULTS, AnalyticsSettings, PeerStats
from graphprofile.models import OPEN_STAGES, OWNER_ROLE
from graphprofile.store import Store
from graphprofile.store import accounts as account_repo
from graphprofile.store import summaries as repo

__all__ = [
    "account_owner", "account_summary", "catch_up", "company_attrs", "cross_sell_cells",
    "forget", "last_touch", "open_opportunities", "peer_rows", "portfolio_rows", "refresh",
    "stale", "stored_cross_sell", "summary_page", "summary_row", "up_to_date", "PAGE_FLAGS",
    "PAGE_SORTS", "Stale",
]

# Bump when the row's shape or meaning changes: stored rows of another version are redone.
VERSION = 7
_BATCH = 500          # accounts per write transaction
_CELL_BATCH = 20_000  # cross-sell cells per write transaction (a batch ends at either)
_EVERY = 2**62        # a page size that takes every row


def company_attrs(G: nx.MultiDiGraph) -> dict[str, Any]:
    """The account's company node attributes."""
    return dict(G.nodes["company", G.graph["company_id"]])


def last_touch(G: nx.MultiDiGraph, as_of: date) -> date | None:
    """The latest interaction on or before ``as_of``."""
    dates = [d for u, _, key, d in G.edges(keys=True, data="date")
             if key.startswith("interacted:") and d is not None and d <= as_of]
    return max(dates, default=None)


def open_opportunities(G: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Attributes of the account's open opportunities, in id order."""
    return [dict(a) for n, a in sorted(G.nodes(data=True))
            if a.get("kind") == "opportunity" and a.get("stage") in OPEN_STAGES]


def _name(G: nx.MultiDiGraph, kind: str, ident: str) -> str:
    node = (kind, ident)
    return str(G.nodes[node].get("name") or ident) if node in G else ident


def account_owner(G: nx.MultiDiGraph) -> str | None:
    """The name of the account's owner on our side (role ``owner`` on its team), if any."""
    for u, _v, role in G.in_edges(("company", G.graph["company_id"]), data="role"):
        if u[0] == "colleague" and role == OWNER_ROLE:
            return _name(G, "colleague", u[1])
    return None


def summary_row(G: nx.MultiDiGraph, *, as_of: date, settings: AnalyticsSettings = DEFAULTS,
                cells: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The portfolio and gaps figures of one account.

    ``cells``: the account's :func:`~graphprofile.analytics.whitespace` cells when the
    caller has them already (computed here otherwise). Names come as lists parallel to
    the ids (a stored property cannot hold a map).
    """
    company = company_attrs(G)
    gaps = analytics.gaps(G, as_of=as_of, settings=settings)
    if cells is None:
        # Statuses do not depend on peer figures, so no portfolio-wide load is needed here.
        cells = analytics.whitespace(G, as_of=as_of, settings=settings)
    audit = analytics.audit(G, as_of=as_of, settings=settings)
    klass, reason = analytics.strategic_class(company, settings=settings)
    opened = open_opportunities(G)
    verified = company.get("last_verified")
    return {
        "id": company["id"], "name": company.get("name") or company["id"],
        "industry": str(company.get("industry") or ""), "region": company.get("region"),
        "strategic_class": klass.value, "strategic_class_reason": reason,
        "class_given": company.get("strategic_class") is not None,
        "people": sum(1 for _, k in G.nodes(data="kind") if k == "person"),
        "owner_name": account_owner(G),
        "no_one_mapped": gaps["no_one_mapped"],
        "engaged": len(gaps["engaged_contacts"]),
        "influence_coverage": gaps["influence_coverage"],
        "single_threaded": gaps["single_threaded"], "single_rep": gaps["single_rep"],
        "unknown_decision_makers": gaps["unknown_decision_makers"],
        "unknown_decision_maker_names": [_name(G, "person", p)
                                         for p in gaps["unknown_decision_makers"]],
        "uncovered_departments": len(gaps["uncovered_departments"]),
        "uncovered_department_names": [_name(G, "department", d)
                                       for d in gaps["uncovered_departments"]],
        "stale_people": len(gaps["stale_people"]),
        "company_stale": verified is None or (as_of - verified).days > settings.stale_days,
        "open_opportunities": len(opened),
        "open_amount": float(sum(o.get("amount") or 0.0 for o in opened)),
        "whitespace": sum(1 for c in cells if c["status"] == "whitespace"),
        "last_touch": last_touch(G, as_of), "audit_score": audit["score"],
    }


def cross_sell_cells(G: nx.MultiDiGraph, cells: list[dict[str, Any]], *,
                     strategic_class: str | None = None) -> list[dict[str, Any]]:
    """The account's cross-sell openings: its whitespace ``cells`` but ``ours``, with the
    company, department and product names the cross-sell page shows, the department's
    ``function`` and the account's ``strategic_class`` (what the page filters and its
    matrix group by)."""
    company = company_attrs(G)
    return [{**cell, "company_id": company["id"],
             "company": company.get("name") or company["id"],
             "department": _name(G, "department", cell["department_id"]),
             "product": _name(G, "product", cell["product_id"]),
             "function": _function(G, cell["department_id"]),
             "strategic_class": strategic_class}
            for cell in cells if cell["status"] != "ours"]


def _function(G: nx.MultiDiGraph, department_id: str) -> str:
    node = ("department", department_id)
    value = G.nodes[node].get("function") if node in G else None
    return str(getattr(value, "value", value) or "other")


def account_summary(G: nx.MultiDiGraph, *, as_of: date, peers: PeerStats | None = None,
                    settings: AnalyticsSettings = DEFAULTS
                    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """What is stored for one account: its :func:`summary_row` and its
    :func:`cross_sell_cells`, scored with the portfolio's ``peers``."""
    cells = analytics.whitespace(G, peers=peers, as_of=as_of, settings=settings)
    row = summary_row(G, as_of=as_of, settings=settings, cells=cells)
    return row, cross_sell_cells(G, cells, strategic_class=row["strategic_class"])


def peer_rows(peers: PeerStats) -> list[dict[str, Any]]:
    """Peer figures as plain rows, from which :meth:`PeerStats.from_rows` rebuilds them
    (a PeerStats holds mapping proxies, which do not pickle to worker processes).

    >>> rows = [{"industry": "banking", "function": "finance", "product_id": "bi",
    ...          "owning": 3, "total": 4}]
    >>> PeerStats.from_rows(peer_rows(PeerStats.from_rows(rows))) == PeerStats.from_rows(rows)
    True
    """
    return [{"industry": industry, "function": function, "product_id": product,
             "owning": owning, "total": total}
            for (industry, function, product), (owning, total)
            in sorted(peers.by_industry.items())]


class _Peers:
    """Peer rows that travel to worker processes; rebuilt as PeerStats once per copy."""

    def __init__(self, rows: Iterable[dict[str, Any]]):
        self.rows = tuple(rows)
        self._stats: PeerStats | None = None

    def stats(self) -> PeerStats:
        if self._stats is None:
            self._stats = PeerStats.from_rows(self.rows)
        return self._stats

    def __reduce__(self) -> tuple[Any, ...]:
        return _Peers, (self.rows,)


def _summarise(G: nx.MultiDiGraph, *, as_of: date, peers: _Peers,
               settings: AnalyticsSettings) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    return account_summary(G, as_of=as_of, peers=peers.stats(), settings=settings)


def _question(*, as_of: date, peers: PeerStats,
              settings: AnalyticsSettings) -> partial[tuple[dict[str, Any], list[dict]]]:
    """The picklable per-account question :func:`refresh` hands to the workers."""
    return partial(_summarise, as_of=as_of, peers=_Peers(peer_rows(peers)), settings=settings)


def refresh(store: Store, company_ids: Iterable[str], *, as_of: date,
            settings: AnalyticsSettings = DEFAULTS, workers: int | None = None,
            progress: Callable[[int], None] | None = None) -> list[dict[str, Any]]:
    """Compute and store the summaries and cross-sell cells of these accounts; return the
    summary rows.

    The accounts are analysed one graph each, in chunks, by ``workers`` processes
    (see :mod:`graphprofile.portfolio`); the peer figures are read once, before. Rows and
    cells are stored ``_BATCH`` accounts (at most ``_CELL_BATCH`` cells) at a time, an
    account's row and cells in one transaction. ``progress`` is called with the number
    of accounts analysed.
    """
    ids = list(company_ids)
    if not ids:
        return []
    peers = PeerStats.from_rows(account_repo.peer_rows(store))
    question = _question(as_of=as_of, peers=peers, settings=settings)
    rows: list[dict[str, Any]] = []
    batch: list[dict[str, Any]] = []
    cells: list[dict[str, Any]] = []
    for _company_id, (row, account_cells) in portfolio.answers(store, question, ids,
                                                               workers=workers,
                                                               progress=progress):
        rows.append(row)
        batch.append({**row, "as_of": as_of, "version": VERSION})
        cells.extend({**cell, "as_of": as_of} for cell in account_cells)
        if len(batch) >= _BATCH or len(cells) >= _CELL_BATCH:
            _write(store, batch, cells, as_of=as_of)
            batch, cells = [], []
    if batch:
        _write(store, batch, cells, as_of=as_of)
    return rows


def _write(store: Store, rows: list[dict[str, Any]], cells: list[dict[str, Any]], *,
           as_of: date) -> None:
    repo.write(store, _storable(rows), _storable(cells), as_of=as_of, version=VERSION)


def _storable(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if v is not None} for row in rows]


def forget(store: Store, company_ids: Iterable[str] | None = None) -> None:
    """Drop the summaries and cross-sell cells of these accounts (of every account when
    None)."""
    if company_ids is None:
        repo.delete_all(store, batch=_CELL_BATCH)
        return
    ids = sorted(set(company_ids))
    for start in range(0, len(ids), _BATCH):
        repo.delete(store, ids[start:start + _BATCH])


class Stale(NamedTuple):
    """What :func:`stale` found: the portfolio's change count when it looked, and the
    accounts to compute."""

    generation: int
    ids: list[str]


def stale(store: Store, *, as_of: date, everything: bool = False) -> Stale | None:
    """The accounts whose summary and cells are missing for ``as_of`` (never summarised,
    forgotten by a write, or summarised for another date or shape), or every account with
    ``everything``; None when every summary is up to date.

    A read with nothing to do costs one look-up: every :func:`forget` counts a change on
    a ``:PortfolioState`` node in the transaction that forgets, and once every summary
    is found stored the node records the as-of date and shape for that count. Only when
    they differ does one query look for what is missing.
    """
    state = repo.state(store)
    if (not everything and state["fresh_generation"] == state["generation"]
            and state["version"] == VERSION and state["as_of"] == as_of):
        return None
    ids = (account_repo.account_ids(store) if everything
           else repo.missing(store, as_of=as_of, version=VERSION))
    return Stale(state["generation"], ids)


def catch_up(store: Store, found: Stale, *, as_of: date,
             settings: AnalyticsSettings = DEFAULTS, workers: int | None = None,
             progress: Callable[[int], None] | None = None) -> int:
    """Compute (and store) what :func:`stale` found, then record the portfolio as up to
    date for ``as_of``, unless a write forgot some account meanwhile. Returns how many
    accounts were computed; ``progress`` as for :func:`refresh`."""
    if found.ids:
        refresh(store, found.ids, as_of=as_of, settings=settings, workers=workers,
                progress=progress)
    repo.mark_fresh(store, generation=found.generation, as_of=as_of, version=VERSION)
    return len(found.ids)


def up_to_date(store: Store, *, as_of: date, settings: AnalyticsSettings = DEFAULTS,
               workers: int | None = None) -> int:
    """Compute (and store) the summaries and cells missing for ``as_of`` (see
    :func:`stale`); return how many accounts were computed (0, at the cost of one
    look-up, when none is missing)."""
    found = stale(store, as_of=as_of)
    if found is None:
        return 0
    return catch_up(store, found, as_of=as_of, settings=settings, workers=workers)


def _stored_row(props: dict[str, Any]) -> dict[str, Any]:
    row = dict(props)
    row.pop("as_of", None)
    row.pop("version", None)
    for key in ("region", "owner_name", "last_touch"):  # a null is not stored
        row.setdefault(key, None)
    return row


def portfolio_rows(store: Store, *, as_of: date, account_ids: list[str],
                   settings: AnalyticsSettings = DEFAULTS) -> list[dict[str, Any]]:
    """The summary of every account in ``account_ids``, in id order, computing only what
    is missing (see :func:`up_to_date`). Afterwards the stored cross-sell cells of these
    accounts are those of ``as_of`` too."""
    up_to_date(store, as_of=as_of, settings=settings)
    wanted = set(account_ids)
    every = summary_page(store, as_of=as_of, sort="id", limit=_EVERY)["rows"]
    return [row for row in every if row["id"] in wanted]


# The orders a summary page can take (keys of cypher/summary_page.cypher): never text
# of the query, only a parameter it compares.
PAGE_SORTS = ("name", "class", "engaged", "coverage", "open", "whitespace", "last_touch",
              "audit", "id", "gaps")
PAGE_FLAGS = ("single_threaded", "single_rep", "at_risk", "no_one_mapped")


def summary_page(store: Store, *, as_of: date, sort: str = "name", desc: bool = False,
                 search: str = "", strategic_class: str = "", flag: str = "",
                 skip: int = 0, limit: int = 25,
                 bands: tuple[tuple[float, float], ...] = (), band_ids: int = 20
                 ) -> dict[str, Any]:
    """One page of stored summaries, filtered, sorted and counted by the server.

    Returns ``{"total", "rows", "bands"}``: ``rows`` the ``limit`` summaries from
    ``skip`` on; ``bands`` per ``(low, high)`` influence-coverage band (the last one
    closed at 1.0) ``{"count", "ids"}`` with the first ``band_ids`` ids in id order.
    Read as stored: call :func:`up_to_date` first. Raises ValueError for an unknown
    sort or flag.
    """
    if sort not in PAGE_SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    if flag and flag not in PAGE_FLAGS:
        raise ValueError(f"unknown flag {flag!r}")
    found = repo.summary_page(
        store, as_of=as_of, version=VERSION, sort=sort, desc=desc,
        needle=search.strip().lower() or None, strategic_class=strategic_class or None,
        flag=flag or None, skip=skip, limit=limit, bands=[list(b) for b in bands],
        band_ids=band_ids)
    counted = {c["band"]: c for c in found["counted"] if c["band"] is not None}
    return {"total": found["total"], "rows": [_stored_row(r) for r in found["rows"]],
            "bands": [{"count": counted[i]["count"] if i in counted else 0,
                       "ids": counted[i]["ids"] if i in counted else []}
                      for i in range(len(bands))]}


def stored_cross_sell(store: Store, *, as_of: date, status: str | None = None,
                      product_id: str | None = None, limit: int = 200
                      ) -> tuple[list[dict[str, Any]], int]:
    """The stored cross-sell cells computed for ``as_of``, of one status and one product
    when given, best score first (ties by company, department, product id): the first
    ``limit`` of them and how many there are. Read as stored: call :func:`up_to_date`
    first to refresh what is missing."""
    cells, total = repo.cross_sell_cells(store, as_of=as_of, status=status or None,
                                         product_id=product_id or None, limit=limit)
    for cell in cells:
        cell.pop("as_of", None)
    return cells, total
