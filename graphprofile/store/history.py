"""Repository of the import history: readings of what changes are measured on, and the
dated entries (``:Change`` nodes, one per change, keyed by company)."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from datetime import date, datetime
from typing import Any

from neo4j import ManagedTransaction

from graphprofile import cypher
from graphprofile.store import Store

__all__ = ["changes", "changes_of_kinds", "facts", "move_people", "previous_employers", "record",
           "units"]

_CHUNK = 1_000  # companies per reading statement, entries per write


def facts(store: Store, company_ids: Collection[str] | None = None
          ) -> dict[str, dict[str, dict[str, Any]]]:
    """A reading of the companies asked (None: every company) in the shape
    :func:`graphprofile.analytics.history.diff` compares."""
    def work(tx: ManagedTransaction) -> dict[str, dict[str, dict[str, Any]]]:
        ids = None if company_ids is None else sorted(set(company_ids))
        companies = {r["id"]: r.data() for r in tx.run(cypher.load("history_companies"),
                                                         company_ids=ids)}
        out: dict[str, dict[str, dict[str, Any]]] = {"companies": companies}
        every = sorted(companies)
        fields = {"departments": ("id", "name", "function", "parent_id", "headcount"),
                  "people": ("id", "department_id", "reports_to", "title"),
                  "opportunities": ("id", "name", "stage")}
        for part, names in fields.items():
            query = cypher.load(f"history_{part}")
            out[part] = {}
            for start in range(0, len(every), _CHUNK):
                for r in tx.run(query, company_ids=every[start:start + _CHUNK]):
                    company_id = r["company_id"]
                    for values in r["rows"]:
                        out[part][values[0]] = {**dict(zip(names, values, strict=True)),
                                                "company_id": company_id}
        roles: dict[str, list[str]] = {}
        for start in range(0, len(every), _CHUNK):
            for r in tx.run(cypher.load("history_roles"),
                            company_ids=every[start:start + _CHUNK]):
                roles.setdefault(r["id"], []).append(r["role"])
        for person_id, person in out["people"].items():
            person["roles"] = sorted(roles.get(person_id, ()))
        return out
    return store.read_tx(work)


def record(store: Store, entries: list[dict[str, Any]], *, on: date, keep: int) -> int:
    """Store history entries dated ``on`` and keep the newest ``keep`` of each company
    they name; return how many were stored."""
    if not entries:
        return 0
    at = datetime.now().astimezone().isoformat()
    rows = [{**e, "n": i, "before": _text(e["before"]), "after": _text(e["after"])}
            for i, e in enumerate(entries)]
    companies = sorted({e["company_id"] for e in entries})

    def work(tx: ManagedTransaction) -> None:
        for start in range(0, len(rows), _CHUNK):
            tx.run(cypher.load("record_changes"), changes=rows[start:start + _CHUNK],
                   date=on.isoformat(), at=at).consume()
        tx.run(cypher.load("trim_changes"), company_ids=companies, keep=keep).consume()
    store.write_tx(work)
    return len(rows)


def changes(store: Store, company_id: str, since: date | None = None) -> list[dict[str, Any]]:
    """One company's entries from ``since`` on, oldest first: ``date`` (a date),
    ``kind``, ``record_id``, ``before`` and ``after`` (dicts or None)."""
    rows = store.read("list_changes", company_id=company_id,
                      since=since.isoformat() if since else None)
    return [_entry(r) for r in rows]


def recent_changes(store: Store, company_id: str, limit: int) -> tuple[list[dict[str, Any]], int]:
    """One company's newest ``limit`` entries, newest first, and how many it has."""
    rows = store.read("list_recent_changes", company_id=company_id, limit=limit)
    total = rows[0]["total"] if rows else 0
    return [_entry({k: v for k, v in r.items() if k != "total"}) for r in rows], total


def changes_of_kinds(store: Store, kinds: Iterable[str],
                     company_ids: Collection[str] | None = None) -> list[dict[str, Any]]:
    """Entries of these kinds across the portfolio (or of these companies), oldest
    first, each with its ``company_id``."""
    rows = store.read("list_changes_of_kinds", kinds=sorted(set(kinds)),
                      company_ids=None if company_ids is None else sorted(set(company_ids)))
    return [_entry(r) for r in rows]


def _text(value: Any) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True, default=str)


def _entry(row: dict[str, Any]) -> dict[str, Any]:
    day = row["date"]
    return {**row, "date": day.to_native() if hasattr(day, "to_native") else day,
            "before": None if row["before"] is None else json.loads(row["before"]),
            "after": None if row["after"] is None else json.loads(row["after"])}


def previous_employers(store: Store, company_id: str | None = None, *,
                       limit: int | None = None) -> list[dict[str, Any]]:
    """``{"person_id", "from_company_id"}`` of everyone (or the people of one company)
    with a previous employer on record other than their company now; with ``limit``,
    only that many whose previous employer is one of our accounts, those our colleagues
    know best first."""
    if limit is not None:
        return store.read("list_previous_employers_top", limit=limit)
    if company_id is not None:
        return store.read("list_previous_employers_at", company_id=company_id)
    return store.read("list_previous_employers")


def move_people(store: Store, person_ids: Collection[str]) -> dict[str, dict[str, Any]]:
    """Per (not erased) person: ``company_id``, ``name``, ``title``, ``relationships``
    (``colleague_id``, ``strength``) and ``interactions`` (a count)."""
    rows = store.read("move_people", person_ids=sorted(set(person_ids)))
    return {r["id"]: r for r in rows}


def units(store: Store, company_ids: Collection[str]) -> list[dict[str, Any]]:
    """The departments of these companies: ``id``, ``company_id``, ``name``,
    ``function`` and ``deployments`` (``product_id``, ``vendor``, ``status``,
    ``licences``)."""
    return store.read("signal_units", company_ids=sorted(set(company_ids)))
