"""The import history: every import and edit records, per account, what it changed
(people who joined, left or moved, new managers, titles and roles, departments added,
renamed, merged or split, revenue and headcount, opportunity stages), dated, bounded per
account and erased with a person's personal data."""

from __future__ import annotations

import copy
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from graphprofile.analytics.history import diff
from graphprofile.analytics.moves import moves as find_moves
from graphprofile.analytics.signals import HEADCOUNT_GROWTH, REVENUE_GROWTH
from graphprofile.analytics.signals import signals as find_signals
from graphprofile.errors import NotFound
from graphprofile.store import Store, cache
from graphprofile.store import accounts as accounts_repo
from graphprofile.store import history as repo
from graphprofile.store.records import StoreLookup, export_records

__all__ = ["FOLLOWED", "HEADCOUNT_GROWTH", "KEEP", "REVENUE_GROWTH", "company_changes", "moves",
           "recent_changes", "recording", "signals"]

# The bundle files whose records the history reads (store/history.py facts): a write to
# any other changes no entry.
FOLLOWED = frozenset({"companies", "departments", "people", "roles", "opportunities"})

# Entries kept per account: past this the oldest go, so the history stays bounded.
KEEP = 2_000


@contextmanager
def recording(store: Store, *, on: date | None = None,
              company_ids: Collection[str] | None = None, keep: int = KEEP
              ) -> Iterator[list[dict[str, Any]]]:
    """Record what the writes inside the block change, dated ``on`` (default today).

    ``company_ids`` limits the readings to these accounts (an edit's); None reads every
    account (an import may touch any). Yields the list the recorded entries are put in
    once the block is done. Nothing is recorded when the block fails, or when the store
    held no company before (the first import is the baseline).
    """
    before = repo.facts(store, company_ids)
    entries: list[dict[str, Any]] = []
    yield entries
    if not before["companies"]:
        return
    entries += diff(before, repo.facts(store, company_ids))
    repo.record(store, entries, on=on or date.today(), keep=keep)


def _iso(entry: dict[str, Any]) -> dict[str, Any]:
    return {"date": entry["date"].isoformat(), "kind": entry["kind"],
            "record_id": entry["record_id"], "before": entry["before"],
            "after": entry["after"]}


def _known(store: Store, company_id: str | None) -> None:
    if company_id is not None and not StoreLookup(store).lookup("companies", [company_id]):
        raise NotFound(f"no company with id {company_id!r}")


def company_changes(store: Store, company_id: str, since: date | None = None
                    ) -> dict[str, Any]:
    """``{"company_id", "changes": [{"date", "kind", "record_id", "before", "after"}]}``,
    oldest first, from ``since`` on (the kinds: :mod:`graphprofile.analytics.history`).

    Raises NotFound for an unknown company.
    """
    _known(store, company_id)
    return {"company_id": company_id,
            "changes": [_iso(e) for e in repo.changes(store, company_id, since)]}


def recent_changes(store: Store, company_id: str, limit: int = 5) -> dict[str, Any]:
    """An account page's view: ``{"company_id", "changes": [...], "count"}``, the newest
    ``limit`` entries first (keys as :func:`company_changes`) and how many there are."""
    _known(store, company_id)
    found, total = repo.recent_changes(store, company_id, limit)
    return {"company_id": company_id, "changes": [_iso(e) for e in found], "count": total}


def moves(store: Store, company_id: str | None = None, *, limit: int | None = None
          ) -> dict[str, Any]:
    """Champion moves: ``{"moves": [{"person_id", "from_company_id", "to_company_id",
    "role_before", "relationships": [{"colleague_id", "strength"}], ...}]}``.

    A person who changed company between imports (from the history), or whose previous
    employers include one of our accounts, is a warm lead at their new company; with
    ``company_id`` only the moves to that company. Keys: :func:`graphprofile.analytics.
    moves.moves` (``moved_on`` as an ISO date). With ``limit`` (a page's short list) at
    most that many: the latest seen between imports first, then those our colleagues
    know best; the whole list is read only without it.
    """
    _known(store, company_id)
    # A web server's workers keep the answer until the next write (graphprofile.store.cache).
    found = cache.remembered(store, ("moves", company_id, limit),
                             lambda: _moves(store, company_id, limit))
    return {"moves": copy.deepcopy(found)}


def _moves(store: Store, company_id: str | None, limit: int | None) -> list[dict[str, Any]]:
    joined = [e for e in repo.changes_of_kinds(
        store, ["person_joined"], None if company_id is None else [company_id])
        if e["before"] is not None]
    previous = repo.previous_employers(store, company_id, limit=limit)
    people = repo.move_people(store, {e["record_id"] for e in joined}
                              | {r["person_id"] for r in previous})
    if company_id is not None:
        people = {pid: p for pid, p in people.items() if p["company_id"] == company_id}
    found = find_moves(joined, previous, accounts_repo.account_ids(store), people)
    if limit is not None:
        found = sorted(found, key=lambda m: (
            m["moved_on"] is None, -(m["moved_on"] or date.min).toordinal(),
            -max((r["strength"] for r in m["relationships"]), default=0),
            m["person_id"]))[:limit]
    for m in found:
        m["moved_on"] = m["moved_on"].isoformat() if m["moved_on"] else None
    return found


def signals(store: Store, company_id: str | None = None, *,
            revenue_growth: float = REVENUE_GROWTH,
            headcount_growth: float = HEADCOUNT_GROWTH) -> dict[str, Any]:
    """Upsell signals from the import history (of one company, or all):
    ``{"revenue_growth", "headcount_growth", "signals": [{"company_id", "signal",
    "date", "record_id", "before", "after", "growth", "products"}]}`` (the signals and
    their products: :mod:`graphprofile.analytics.signals`)."""
    _known(store, company_id)
    entries = repo.changes_of_kinds(
        store, ["revenue_changed", "headcount_changed", "department_added",
                "department_split", "department_merged"],
        None if company_id is None else [company_id])
    units = repo.units(store, {e["company_id"] for e in entries})
    deployments = [{**d, "company_id": u["company_id"], "department_id": u["id"]}
                   for u in units for d in u["deployments"]]
    departments = {u["id"]: u for u in units}
    products = {p.id: {"name": p.name, "target_function": [f.value for f in p.target_function]}
                for p in export_records(store, "products")}  # type: ignore[attr-defined]
    found = find_signals(entries, deployments, departments, products,
                         revenue_growth=revenue_growth, headcount_growth=headcount_growth)
    for s in found:
        s["date"] = s["date"].isoformat()
    return {"revenue_growth": revenue_growth, "headcount_growth": headcount_growth,
            "signals": found}
