"""The portfolio-wide pages (portfolio, gaps, cross-sell), read from the stored
per-account summaries (:mod:`graphprofile.summaries`)."""

from __future__ import annotations

from datetime import date
from typing import Any

import networkx as nx

from graphprofile import analytics, services
from graphprofile.analytics import DEFAULTS, AnalyticsSettings
from graphprofile.analytics.cross_sell import CROSS_SELL_SORTS, CROSS_SELL_STATUSES
from graphprofile.errors import InvalidInput
from graphprofile.models import Function, StrategicClass
from graphprofile.services import cross_sell
from graphprofile.services.cross_sell import CrossSellQuery
from graphprofile.store import Store
from graphprofile.summaries import (
    PAGE_FLAGS,
    PAGE_SORTS,
    summary_page,
    up_to_date,
)
from web.pages.common import check_page, colleagues, name_of, named_paths, page_numbers, paged

__all__ = ["COVERAGE_BANDS", "CROSS_SELL_STATUSES", "PORTFOLIO_FLAGS", "PORTFOLIO_SORTS",
           "cross_sell_page", "department_entry", "gaps_page", "portfolio_page"]


# Orders and flags the portfolio page offers (the stored summaries are sorted and
# filtered by the server: see summaries.summary_page).
PORTFOLIO_SORTS = tuple(key for key in PAGE_SORTS if key != "id")
PORTFOLIO_FLAGS = PAGE_FLAGS


def portfolio_page(store: Store, *, as_of: date, sort: str = "name", desc: bool = False,
                   search: str = "", strategic_class: str = "", flag: str = "",
                   page: int = 1, per_page: int = 25,
                   settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """Every account with its health figures, filtered, sorted and paged.

    Raises InvalidInput for an unknown sort key, class or flag, or a bad page.
    """
    if sort not in PORTFOLIO_SORTS:
        raise InvalidInput(f"unknown sort key {sort!r}; use one of {sorted(PORTFOLIO_SORTS)}")
    if strategic_class and strategic_class not in {c.value for c in StrategicClass}:
        raise InvalidInput(f"unknown strategic class {strategic_class!r}")
    if flag and flag not in PORTFOLIO_FLAGS:
        raise InvalidInput(f"unknown flag {flag!r}; use one of {sorted(PORTFOLIO_FLAGS)}")
    check_page(page, per_page)
    up_to_date(store, as_of=as_of, settings=settings)
    found = summary_page(store, as_of=as_of, sort=sort, desc=desc, search=search,
                         strategic_class=strategic_class, flag=flag,
                         skip=(page - 1) * per_page, limit=per_page, bands=COVERAGE_BANDS)
    bands = [{"label": f"{low:.0%}–{high:.0%}", **band}
             for (low, high), band in zip(COVERAGE_BANDS, found["bands"], strict=True)]
    return {**paged(found["rows"], page, per_page, total=found["total"]), "as_of": as_of,
            "coverage_bands": bands}


# Fifths of influence coverage for the portfolio chart (the last band is closed: 100 %
# counts in 80-100 %).
COVERAGE_BANDS = ((0.0, 0.2), (0.2, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 1.0))


def gaps_page(store: Store, *, as_of: date, colleague_id: str | None = None,
              page: int = 1, per_page: int = 50,
              settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """Coverage gaps of every account from the stored summaries, paged: the accounts with
    no one mapped first, then in id order,
    and optionally one colleague's rep risk.

    Raises InvalidInput for a bad page.
    """
    check_page(page, per_page)
    up_to_date(store, as_of=as_of, settings=settings)
    found = summary_page(store, as_of=as_of, sort="gaps", skip=(page - 1) * per_page,
                         limit=per_page)
    shown = paged(found["rows"], page, per_page, total=found["total"])
    accounts = [{**row, "unknown_deciders": list(zip(row["unknown_decision_makers"],
                                                     row["unknown_decision_maker_names"],
                                                     strict=True))}
                for row in shown.pop("rows")]
    risk = (services.rep_risk(store, colleague_id, as_of=as_of, settings=settings)
            if colleague_id else None)
    at_risk = {a["company_id"] for a in risk["accounts"]} if risk else set()
    return {**shown, "as_of": as_of, "accounts": accounts, "colleagues": colleagues(store),
            "colleague_id": colleague_id, "risk": risk,
            "account_names": services.company_names(store, at_risk)}




def department_entry(G: nx.MultiDiGraph, department_id: str, *, as_of: date,
                     settings: AnalyticsSettings = DEFAULTS,
                     scores: dict[str, float] | None = None) -> dict[str, Any]:
    """Who gets us into a department: its most influential engaged person, else the best
    warm path to its most influential person, else nobody yet. ``scores``: the account's
    influence scores when the caller asks for several departments of one account."""
    dept = ("department", department_id)
    members = sorted(u[1] for u, _, key in G.in_edges(dept, keys=True) if key == "member_of")
    if not members:
        return {"kind": "none", "text": "nobody recorded in this department yet"}
    if scores is None:
        scores = analytics.influence_scores(G, settings=settings)
    ranked = sorted(members, key=lambda pid: (-scores.get(pid, 0.0), pid))
    engaged = set(analytics.engaged_contacts(G, as_of=as_of, settings=settings))
    inside = [pid for pid in ranked if pid in engaged]
    if inside:
        person = inside[0]
        colleagues = sorted({name_of(G, "colleague", u[1]) for u, _, key in
                             G.in_edges(("person", person), keys=True)
                             if key == "knows" or key.startswith("interacted:")})
        return {"kind": "engaged", "person_id": person,
                "text": f"{name_of(G, 'person', person)} (engaged; known by "
                        f"{', '.join(colleagues)})"}
    for person in ranked[:3]:
        paths = named_paths(G, person, k=1, as_of=as_of, settings=settings)
        if paths:
            steps = " → ".join(name for _, name in paths[0]["steps"])
            return {"kind": "path", "person_id": person,
                    "text": f"warm path {paths[0]['score']:.2f}: {steps}"}
    return {"kind": "cold", "person_id": ranked[0],
            "text": f"no warm path yet; the department's most influential person is "
                    f"{name_of(G, 'person', ranked[0])}"}


def _add_entry_paths(store: Store, cells: list[dict[str, Any]], *, as_of: date,
                     settings: AnalyticsSettings) -> None:
    """Give each shown cell its department's entry (one graph load per account)."""
    by_company: dict[str, list[dict[str, Any]]] = {}
    for cell in cells:
        by_company.setdefault(cell["company_id"], []).append(cell)
    for company_id, company_cells in by_company.items():
        G = services.account_graph_of(store, company_id)
        scores = analytics.influence_scores(G, settings=settings)
        entries: dict[str, dict[str, Any]] = {}
        for cell in company_cells:
            dept = cell["department_id"]
            if dept not in entries:
                entries[dept] = department_entry(G, dept, as_of=as_of, settings=settings,
                                                 scores=scores)
            cell["entry"] = entries[dept]


def cross_sell_page(store: Store, *, as_of: date, query: CrossSellQuery | None = None,
                    settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """One page of the portfolio's cross-sell openings (see
    :func:`graphprofile.services.cross_sell.opening_page`): the page's rows under their
    accounts, the matrix of the filtered list, and what the filter form offers.

    The cells are stored with the account summaries (see :mod:`graphprofile.summaries`):
    only accounts without a summary for ``as_of`` are analysed, and the scores use the
    peer figures of the moment each account was last refreshed. Only the shown rows'
    accounts are loaded, for the way into each department.
    """
    query = query or CrossSellQuery()
    found = cross_sell.opening_page(store, query, as_of=as_of, settings=settings)
    _add_entry_paths(store, found["items"], as_of=as_of, settings=settings)
    products = [(p.id, p.name or p.id) for p in services.products(store)]
    return {**found, "cells": found["items"],
            "links": page_numbers(found["page"], found["pages"]), "query": query,
            "args": query.args(), "products": products, "statuses": CROSS_SELL_STATUSES,
            "classes": [c.value for c in StrategicClass],
            "functions": [f.value for f in Function], "sorts": list(CROSS_SELL_SORTS),
            "as_of": as_of}
