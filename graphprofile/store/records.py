"""Repositories: records to batched Cypher rows and stored properties back to records."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from typing import Any

from neo4j import ManagedTransaction
from neo4j import exceptions as neo4j_errors

from graphprofile import cypher
from graphprofile.errors import NotFound
from graphprofile.models import (
    SPECS,
    STORED,
    AccountSnapshot,
    AccountTeamMember,
    Colleague,
    Company,
    Department,
    Deployment,
    FieldSource,
    Influence,
    Interaction,
    Opportunity,
    Person,
    Product,
    Record,
    Relationship,
    RoleAssignment,
)
from graphprofile.store import Store
from graphprofile.store.row_hashes import strip

__all__ = [
    "ACCOUNT_CHUNK", "LINKS", "StoreLookup", "account_snapshot", "account_snapshots",
    "export_records", "grouped", "link_rows", "prepare_writes", "stats", "to_row", "upsert",
    "upsert_rows", "write_statements",
]

# Files whose rows point at rows of the same file (statement, the referring column).
# Their upsert statements named in _DRAWN draw that line themselves when the row
# pointed at is stored already and return the others; for the other files every line
# waits. What waits is drawn by ``link_rows`` once every batch of the file is written.
LINKS: dict[str, tuple[str, str]] = {
    "companies": ("link_companies", "parent_id"),
    "departments": ("link_departments", "parent_id"),
    "people": ("link_people", "reports_to"),
    "colleagues": ("link_colleagues", "manager_id"),
}
_DRAWN = {"departments", "people"}
# Dotted-line (secondary) reporting lines of people: drawn by their own statement once
# every person is stored; their waiting lines carry ``dotted_line_to`` and no
# ``reports_to``. Stale ones are deleted by upsert_people.
DOTTED = ("link_dotted_lines", "dotted_line_to")

# Node files with a ``create_`` statement, used for the rows of a batch whose id is not
# stored yet: a new node needs no MERGE look-up and lock for itself or its lines, and
# has no stale lines to look for. Which ids are stored is asked in the same write
# transaction.
_CREATES = {"departments", "people", "opportunities", "interactions"}

# Create statements that take their rows as ``$groups`` of the rows sharing these
# columns, so that the nodes a group hangs from are looked up once per group instead of
# once per row (people by company and department; BENCHMARKS.md, fourth round).
_GROUPED = {"people": ("company_id", "department_id")}

# Files stored as nodes are paged by their own id; the others are relationships
# paged by the id of the node they start from.
_NODE_FILES = {"companies", "departments", "people", "colleagues", "products",
               "opportunities", "interactions"}
_LOOKUP_CHUNK = 10_000


def to_row(record: Record) -> dict[str, Any]:
    """A record as a Cypher map: missing values and empty lists are left out."""
    return record.to_properties(given_only=True)


def upsert(store: Store, name: str, records: Iterable[Record]) -> int:
    """Write one batch of records of bundle file ``name`` with every line they name;
    return how many."""
    rows = [to_row(r) for r in records]
    waiting = upsert_rows(store, name, rows)
    if waiting:
        link_rows(store, name, waiting)
    return len(rows)


Line = dict[str, Any]


def upsert_rows(store: Store, name: str, rows: list[dict[str, Any]]) -> list[Line]:
    """Write one batch of :func:`to_row` rows of bundle file ``name``.

    Returns the same-file lines (see ``LINKS``) this batch left undrawn, as
    ``{"id": ..., column: ...}``: pass them to :func:`link_rows` once every batch of the
    file is written. Empty for a file without such lines.
    """
    if not rows:
        return []
    waiting: list[Line] | None = None
    if name in _CREATES:
        try:
            waiting = store.write_tx(lambda tx: _create_or_merge(tx, name, rows))
        except neo4j_errors.ConstraintError:
            # Another transaction stored one of these ids after we asked: MERGE them all.
            waiting = None
    if waiting is None:
        query = cypher.load(f"upsert_{name}")
        waiting = store.write_tx(lambda tx: [r.data() for r in tx.run(query, rows=rows)])
    if name in LINKS and name not in _DRAWN:
        column = LINKS[name][1]
        waiting = [{"id": row["id"], column: row.get(column)} for row in rows]
    if name == "people":
        waiting = [*waiting, *({"id": row["id"], DOTTED[1]: row[DOTTED[1]]}
                               for row in rows if row.get(DOTTED[1]))]
    return waiting


def _create_or_merge(tx: ManagedTransaction, name: str, rows: list[dict[str, Any]]
                     ) -> list[Line]:
    """CREATE the rows whose id is not stored, MERGE the others; the lines left undrawn."""
    stored = {r["id"] for r in tx.run(cypher.load(f"lookup_{name}"),
                                      ids=[row["id"] for row in rows])}
    waiting: list[Line] = []
    new = [row for row in rows if row["id"] not in stored]
    old = [row for row in rows if row["id"] in stored] if stored else []
    if new:
        keys = _GROUPED.get(name)
        params = {"groups": grouped(new, keys)} if keys else {"rows": new}
        waiting.extend(r.data() for r in tx.run(cypher.load(f"create_{name}"), params))
    if old:
        waiting.extend(r.data() for r in tx.run(cypher.load(f"upsert_{name}"), rows=old))
    return waiting


def grouped(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """``rows`` as groups of the rows sharing the values of ``keys``, in first-seen order.

    >>> rows = [{"id": "a", "d": 1}, {"id": "b", "d": 2}, {"id": "c", "d": 1}, {"id": "e"}]
    >>> [(g["d"], [r["id"] for r in g["rows"]]) for g in grouped(rows, ("d",))]
    [(1, ['a', 'c']), (2, ['b']), (None, ['e'])]
    """
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row.get(key) for key in keys), []).append(row)
    return [{**dict(zip(keys, values, strict=True)), "rows": part}
            for values, part in groups.items()]


def link_rows(store: Store, name: str, lines: list[Line]) -> int:
    """Draw the same-file lines (subsidiary, parent department, manager) that
    :func:`upsert_rows` returned; return how many."""
    count = len(lines)
    if name == "people":
        dotted = [line for line in lines if DOTTED[1] in line]
        if dotted:
            store.write(DOTTED[0], rows=dotted)
        lines = [line for line in lines if DOTTED[1] not in line]
    if lines:
        store.write(LINKS[name][0], rows=lines)
    return count


def write_statements(name: str) -> list[str]:
    """Names of the statements that :func:`upsert_rows` and :func:`link_rows` run for
    bundle file ``name``."""
    names = [f"lookup_{name}", f"create_{name}"] if name in _CREATES else []
    names.append(f"upsert_{name}")
    if name in LINKS:
        names.append(LINKS[name][0])
    if name == "people":
        names.append(DOTTED[0])
    return names


def prepare_writes(store: Store, names: Iterable[str]) -> None:
    """Have the server plan the write statements of bundle files ``names`` now, so that
    the first batch of each does not wait for the planner. Each runs once on no rows, in
    one transaction that changes nothing."""
    queries = [cypher.load(statement) for name in names for statement in write_statements(name)]

    def work(tx: ManagedTransaction) -> None:
        for query in queries:
            tx.run(query, rows=[], ids=[], groups=[]).consume()

    store.write_tx(work)


class StoreLookup:
    """What is already stored, for the importer's reference checks."""

    def __init__(self, store: Store):
        self.store = store

    def lookup(self, kind: str, ids: Collection[str]) -> dict[str, str | None]:
        """Map each stored id of ``kind`` to its company id (None where not owned)."""
        if kind not in {"companies", "departments", "people", "colleagues", "products",
                        "opportunities"}:
            raise ValueError(f"unknown kind {kind!r}")
        wanted = sorted(set(ids))
        found: dict[str, str | None] = {}
        for start in range(0, len(wanted), _LOOKUP_CHUNK):
            chunk = wanted[start:start + _LOOKUP_CHUNK]
            for row in self.store.read(f"lookup_{kind}", ids=chunk):
                found[row["id"]] = row["company_id"]
        return found


def export_records(store: Store, name: str, *, page: int = 5_000) -> Iterator[Record]:
    """Every stored record of bundle file ``name``, in key order, page by page."""
    model = SPECS[name].model
    after = ""
    while True:
        rows = store.read(f"export_{name}", after=after, limit=page)
        if not rows:
            return
        for row in rows:
            if name in _NODE_FILES:
                yield model.model_validate(strip(row["props"]))
            else:
                for props in row["rows"]:
                    yield model.model_validate(strip(props))
        after = rows[-1]["key"]


# What one account's snapshot is made of: part -> (statement, model). Every statement
# takes ``$company_ids`` and returns one ``company_id, rows`` record per account (rows in
# key order), so one query serves one account or a chunk of them, and a chunk costs a
# few records on the wire rather than one per row. ``products`` is the catalogue,
# shared by every account.
_ACCOUNT_PARTS: dict[str, tuple[str, type[Record]]] = {
    "company": ("account_company", Company),
    "departments": ("account_departments", Department),
    "people": ("account_people", Person),
    "influence": ("account_influence", Influence),
    "colleagues": ("account_colleagues", Colleague),
    "relationships": ("account_relationships", Relationship),
    "account_team": ("account_account_team", AccountTeamMember),
    "deployments": ("account_deployments", Deployment),
    "opportunities": ("account_opportunities", Opportunity),
    "roles": ("account_roles", RoleAssignment),
    "interactions": ("account_interactions", Interaction),
    "field_sources": ("account_field_sources", FieldSource),
}
ACCOUNT_CHUNK = 50


def account_snapshot(store: Store, company_id: str, *, profiles: bool = True) -> AccountSnapshot:
    """Load what the per-account questions need, and nothing more, in one transaction.

    With ``profiles=False`` people carry only what the analytics use (id, name,
    department, manager, seniority, function, title, last verified): no personal
    profile crosses the wire.
    """
    return next(account_snapshots(store, [company_id], profiles=profiles))


def account_snapshots(store: Store, company_ids: Iterable[str], *, profiles: bool = False,
                      chunk: int = ACCOUNT_CHUNK, parts: Collection[str] | None = None
                      ) -> Iterator[AccountSnapshot]:
    """The snapshots of many accounts, in the order given, ``chunk`` accounts a query.

    Each chunk is read in one transaction with one query per part (twelve in all,
    whatever the chunk size), instead of twelve per account: the portfolio's per-account
    questions pay the round trips once per chunk. ``parts`` (fields of
    :class:`AccountSnapshot`; the company always) limits the load to what a question
    reads: the others stay empty. Raises NotFound for an unknown id.
    """
    ids = list(company_ids)
    known = set(AccountSnapshot.model_fields)
    wanted = known if parts is None else {"company", *parts}
    if wanted - known:
        raise ValueError(f"unknown snapshot parts: {sorted(wanted - known)}")
    loads = {key: part for key, part in _ACCOUNT_PARTS.items() if key in wanted}
    if not profiles and "people" in loads:
        loads["people"] = ("account_people_brief", Person)

    def work(tx: Any, chunk_ids: list[str]) -> dict[str, dict[str, list[dict[str, Any]]]]:
        # One read transaction: every part sees the same committed state.
        loaded = {
            key: {record["company_id"]: record["rows"]
                  for record in tx.run(cypher.load(stmt), company_ids=chunk_ids)}
            for key, (stmt, _model) in loads.items()
        }
        products = tx.run(cypher.load("list_products")) if "products" in wanted else []
        loaded["products"] = {"": [r["props"] for r in products]}
        return loaded

    for start in range(0, len(ids), max(chunk, 1)):
        chunk_ids = ids[start:start + max(chunk, 1)]
        raw = store.read_tx(lambda tx, chunk_ids=chunk_ids: work(tx, chunk_ids))
        products = [Product.model_validate(strip(props), context=STORED)
                    for props in raw["products"][""]]
        for company_id in chunk_ids:
            company = raw["company"].get(company_id)
            if not company:
                raise NotFound(f"no company with id {company_id!r}")
            loaded: dict[str, Any] = {
                key: [model.model_validate(strip(props), context=STORED)
                      for props in raw[key].get(company_id, ())]
                for key, (_stmt, model) in loads.items() if key != "company"
            }
            yield AccountSnapshot(company=Company.model_validate(strip(company[0]),
                                                                 context=STORED),
                                  products=products, **loaded)


def stats(store: Store) -> dict[str, dict[str, int]]:
    """Node counts per label and relationship counts per type."""
    row = store.read("stats")[0]
    # Neo4j maps come back unordered: keep the order of the statement's text.
    order = {name: i for i, name in enumerate(
        re.findall(r"^\s*(\w+): COUNT", cypher.load("stats"), flags=re.M))}
    return {
        part: dict(sorted(row[part].items(), key=lambda kv: order.get(kv[0], len(order))))
        for part in ("nodes", "relationships")
    }
