"""The import history: every import and edit records, per account, what it changed
(people who joined, left or moved, new managers, titles and roles, departments added,
renamed, merged or split, revenue and headcount, opportunity stages), dated, bounded per
account and erased with a person's personal data."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from graphprofile.analytics.history import diff
from graphprofile.errors import NotFound
from graphprofile.store import Store
from graphprofile.store import history as repo
from graphprofile.store.records import StoreLookup

__all__ = ["KEEP", "company_changes", "recording"]

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


def company_changes(store: Store, company_id: str, since: date | None = None
                    ) -> dict[str, Any]:
    """``{"company_id", "changes": [{"date", "kind", "record_id", "before", "after"}]}``,
    oldest first, from ``since`` on (the kinds: :mod:`graphprofile.analytics.history`).

    Raises NotFound for an unknown company.
    """
    if not StoreLookup(store).lookup("companies", [company_id]):
        raise NotFound(f"no company with id {company_id!r}")
    return {"company_id": company_id,
            "changes": [_iso(e) for e in repo.changes(store, company_id, since)]}
