"""Stored per-account summaries: what the portfolio shows, kept fresh on change.

The portfolio page needs a handful of figures per account (engaged contacts, influence
coverage, threading flags, open deals, whitespace, last touch, audit score). Computing
them means loading and analysing every account, so they are stored as
``:AccountSummary`` nodes, computed for one as-of date. A write forgets the summaries
of the accounts it touched (a bulk import forgets all); the next request recomputes
only what is missing or was computed for another date.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import networkx as nx

from graphprofile import analytics
from graphprofile.analytics import DEFAULTS, AnalyticsSettings
from graphprofile.graph import account_graph
from graphprofile.models import OPEN_STAGES
from graphprofile.store import Store
from graphprofile.store.records import account_snapshot

__all__ = [
    "company_attrs", "forget", "last_touch", "open_opportunities", "portfolio_rows",
    "refresh", "summary_row",
]

# Bump when the row's shape or meaning changes: stored rows of another version are redone.
VERSION = 1
_BATCH = 500


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


def summary_row(G: nx.MultiDiGraph, *, as_of: date,
                settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """The portfolio figures of one account."""
    company = company_attrs(G)
    gaps = analytics.gaps(G, as_of=as_of, settings=settings)
    # Statuses do not depend on peer figures, so no portfolio-wide load is needed here.
    cells = analytics.whitespace(G, as_of=as_of, settings=settings)
    audit = analytics.audit(G, as_of=as_of, settings=settings)
    klass, reason = analytics.strategic_class(company, settings=settings)
    opened = open_opportunities(G)
    return {
        "id": company["id"], "name": company.get("name") or company["id"],
        "industry": str(company.get("industry") or ""), "region": company.get("region"),
        "strategic_class": klass.value, "strategic_class_reason": reason,
        "class_given": company.get("strategic_class") is not None,
        "people": sum(1 for _, k in G.nodes(data="kind") if k == "person"),
        "engaged": len(gaps["engaged_contacts"]),
        "influence_coverage": gaps["influence_coverage"],
        "single_threaded": gaps["single_threaded"], "single_rep": gaps["single_rep"],
        "open_opportunities": len(opened),
        "open_amount": float(sum(o.get("amount") or 0.0 for o in opened)),
        "whitespace": sum(1 for c in cells if c["status"] == "whitespace"),
        "last_touch": last_touch(G, as_of), "audit_score": audit["score"],
    }


def refresh(store: Store, company_ids: Iterable[str], *, as_of: date,
            settings: AnalyticsSettings = DEFAULTS) -> list[dict[str, Any]]:
    """Compute and store the summaries of these accounts; return the rows."""
    rows: list[dict[str, Any]] = []
    batch: list[dict[str, Any]] = []
    for company_id in company_ids:
        graph = account_graph(account_snapshot(store, company_id, profiles=False))
        row = summary_row(graph, as_of=as_of, settings=settings)
        rows.append(row)
        batch.append({**row, "as_of": as_of, "version": VERSION})
        if len(batch) >= _BATCH:
            store.write("upsert_summaries", rows=_storable(batch))
            batch = []
    if batch:
        store.write("upsert_summaries", rows=_storable(batch))
    return rows


def _storable(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if v is not None} for row in rows]


def forget(store: Store, company_ids: Iterable[str] | None = None) -> None:
    """Drop the summaries of these accounts (of every account when None)."""
    if company_ids is None:
        store.write("delete_all_summaries")
    else:
        ids = sorted(set(company_ids))
        if ids:
            store.write("delete_summaries", ids=ids)


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


def portfolio_rows(store: Store, *, as_of: date, account_ids: list[str],
                   settings: AnalyticsSettings = DEFAULTS) -> list[dict[str, Any]]:
    """The summary of every account in ``account_ids``, computing only what is missing,
    stale (another as-of date) or of an older shape; in id order."""
    wanted = set(account_ids)
    stored: dict[str, dict[str, Any]] = {}
    for record in store.read("list_summaries"):
        props = {k: _native(v) for k, v in record["props"].items()}
        if props.get("id") in wanted and props.get("as_of") == as_of \
                and props.get("version") == VERSION:
            stored[props["id"]] = props
    missing = sorted(wanted - stored.keys())
    for row in refresh(store, missing, as_of=as_of, settings=settings):
        stored[row["id"]] = row
    rows = []
    for company_id in sorted(wanted):
        row = dict(stored[company_id])
        row.pop("as_of", None)
        row.pop("version", None)
        row.setdefault("region", None)
        row.setdefault("last_touch", None)
        rows.append(row)
    return rows
