"""Use cases: load what a question needs, run the analytics, return plain results.

Every function takes the store (and settings) as parameters, so the CLI, the web app
and the tests call the same code. Results follow the JSON contract of the CLI.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from graphprofile import analytics
from graphprofile.analytics import DEFAULTS, AnalyticsSettings, PeerStats
from graphprofile.errors import InvalidInput, NotFound
from graphprofile.graph import account_graph
from graphprofile.store import Store
from graphprofile.store.records import account_snapshot

__all__ = [
    "account_ids", "audit", "gaps", "influence", "peer_stats", "rep_risk", "warm_paths",
    "whitespace",
]


def _graph(store: Store, company_id: str):
    return account_graph(account_snapshot(store, company_id))


def account_ids(store: Store) -> list[str]:
    """Ids of every account (a company with at least one person), sorted."""
    return [row["id"] for row in store.read("list_account_ids")]


def influence(store: Store, company_id: str, *,
              settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """``{"company_id", "people": [{"person_id", "score", "rank"}], "reporting_loops"}``.

    People are ranked; ``reporting_loops`` lists reporting cycles found in the stored
    data (the importer refuses them, but data can come from elsewhere).
    """
    graph = _graph(store, company_id)
    scores = analytics.influence(graph, settings=settings)
    return {
        "company_id": company_id,
        "people": [{"person_id": pid, **values} for pid, values in scores.items()],
        "reporting_loops": analytics.reporting_loops(graph),
    }


def gaps(store: Store, company_id: str | None = None, *, as_of: date,
         settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """Coverage gaps of one account, or of every account in id order."""
    ids = [company_id] if company_id else account_ids(store)
    companies = []
    for cid in ids:
        found = analytics.gaps(_graph(store, cid), as_of=as_of, settings=settings)
        companies.append({"company_id": cid, **found})
    return {"as_of": as_of.isoformat(), "companies": companies}


def rep_risk(store: Store, colleague_id: str, *, as_of: date,
             settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """Accounts that go dark, or are weakened, if one colleague leaves.

    ``dark`` and ``weakened`` are sorted account ids; ``accounts`` gives the detail
    (contacts lost, decision makers left without a link) of every affected account.
    """
    if not store.read("find_colleague", colleague_id=colleague_id):
        raise NotFound(f"no colleague with id {colleague_id!r}")
    dark, weakened, detail = [], [], []
    for row in store.read("colleague_accounts", colleague_id=colleague_id):
        cid = row["company_id"]
        risk = analytics.rep_risk(_graph(store, cid), colleague_id, as_of=as_of,
                                  settings=settings)
        if risk["dark"]:
            dark.append(cid)
        elif risk["weakened"]:
            weakened.append(cid)
        if risk["dark"] or risk["weakened"]:
            detail.append({"company_id": cid, **risk})
    return {"colleague_id": colleague_id, "as_of": as_of.isoformat(), "dark": dark,
            "weakened": weakened, "accounts": detail}


def warm_paths(store: Store, person_id: str, *, from_colleague: str | None = None,
               k: int | None = None, settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """The best introduction chains from our colleagues to a person, best first."""
    found = store.read("find_person", person_id=person_id)
    if not found:
        raise NotFound(f"no person with id {person_id!r}")
    sources = None
    if from_colleague is not None:
        if not store.read("find_colleague", colleague_id=from_colleague):
            raise NotFound(f"no colleague with id {from_colleague!r}")
        sources = [from_colleague]
    graph = _graph(store, found[0]["company_id"])
    paths = analytics.warm_paths(graph, person_id, sources=sources, k=k, settings=settings)
    return {"target": person_id, "paths": paths}


def peer_stats(store: Store) -> PeerStats:
    """Portfolio figures for whitespace: who owns what, per industry and function."""
    products = [row["props"]["id"] for row in store.read("list_products")]
    owning = {
        (r["industry"], r["function"], r["product_id"]): r["owning"]
        for r in store.read("peer_owning")
    }
    rows = (
        {"industry": t["industry"], "function": t["function"], "product_id": product,
         "owning": owning.get((t["industry"], t["function"], product), 0), "total": t["total"]}
        for t in store.read("peer_departments")
        for product in products
    )
    return PeerStats.from_rows(rows)


def whitespace(store: Store, company_id: str, *, as_of: date,
               settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """Every department x product cell of an account with status, score and reason."""
    graph = _graph(store, company_id)
    cells = analytics.whitespace(graph, peers=peer_stats(store), as_of=as_of,
                                 settings=settings)
    return {"company_id": company_id, "cells": cells}


def audit(store: Store, company_id: str, *, as_of: date,
          settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """The eight-question completeness audit, plus the strategic class and its reason."""
    graph = _graph(store, company_id)
    result = analytics.audit(graph, as_of=as_of, settings=settings)
    klass, reason = analytics.strategic_class(graph.nodes["company", company_id],
                                              settings=settings)
    return {"company_id": company_id, **result,
            "strategic_class": klass.value, "strategic_class_reason": reason}


def parse_as_of(value: str | None) -> date:
    """``--as-of`` text to a date (today when absent)."""
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"--as-of must be an ISO date (YYYY-MM-DD), got {value!r}") from exc
