"""Stored content hashes of imported rows, for an import that skips unchanged rows.

Each record written by an import carries the hash of the raw row it came from as one
property (:data:`HASH_PROPERTY`) on its node or relationship: written in the same
statement as the record (``SET n = row``), so a record and its hash never disagree,
and any other write that replaces the record's properties (an edit, an erasure) drops
it, which makes the next import treat the row as changed. Readers that hand stored
properties on strip it (:func:`strip`): it never shows in exports or pages.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphprofile import cypher
from graphprofile.models import SPECS
from graphprofile.store import Store

__all__ = ["HASH_PROPERTY", "KEY_SEPARATOR", "FileState", "StoredRows", "file_states", "prune",
           "record_file_states", "stored_rows", "strip"]

HASH_PROPERTY = "_row_hash"
KEY_SEPARATOR = "\x1f"  # between the cells of a composite key (RecordSpec.key)
_PAGE = 100_000  # node records per read of the stored hashes
_PRUNE_BATCH = 5_000

# Files stored as nodes (read back page by page in id order); the others are
# relationships, read in one statement.
_NODE_FILES = {"companies", "departments", "people", "colleagues", "products",
               "opportunities", "interactions"}


def strip(props: Mapping[str, Any]) -> dict[str, Any]:
    """Stored properties without the row hash."""
    return {key: value for key, value in props.items() if key != HASH_PROPERTY}


@dataclass
class StoredRows:
    """What is stored of one bundle file: key -> row hash (None: stored without one,
    e.g. edited since) and key -> the company it belongs to (None: no company)."""

    hashes: dict[str, int | None] = field(default_factory=dict)
    companies: dict[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class FileState:
    """What the last import of one bundle file left: the file's digest and data rows, and
    the row hashes the store then held for its records (how many, and their sum modulo
    2**64 as a signed integer: see :meth:`tally`)."""

    digest: int
    rows: int
    hashed: int
    hash_sum: int

    @staticmethod
    def tally(hashes: Iterable[int | None]) -> tuple[int, int]:
        """How many of ``hashes`` are set, and their sum as :attr:`hash_sum` keeps it."""
        found = [h for h in hashes if h is not None]
        return len(found), signed64(sum(found))

    def holds(self, stored: StoredRows, *, prune: bool) -> bool:
        """Whether ``stored`` is what this import left (the same hashes set); with
        ``prune``, also holding no other record (nothing to delete)."""
        if self.tally(stored.hashes.values()) != (self.hashed, self.hash_sum):
            return False
        return not prune or len(stored.hashes) == self.rows == self.hashed


def signed64(value: int) -> int:
    """``value`` modulo 2**64, as a signed 64-bit integer (a Neo4j integer)."""
    return (value + (1 << 63)) % (1 << 64) - (1 << 63)


def file_states(store: Store) -> dict[str, FileState]:
    """Per bundle file, what its last import left (``cypher/imported_files.cypher``)."""
    return {row["name"]: FileState(row["digest"], row["rows"], row["hashed"], row["hash_sum"])
            for row in store.read("imported_files")}


def record_file_states(store: Store, states: Mapping[str, FileState]) -> None:
    """Record what an import left of these files (``cypher/record_imported_files``)."""
    if states:
        store.write("record_imported_files", files=[
            {"name": name, "digest": s.digest, "rows": s.rows, "hashed": s.hashed,
             "hash_sum": s.hash_sum} for name, s in sorted(states.items())])


def stored_rows(store: Store, name: str) -> StoredRows:
    """Every stored record of bundle file ``name``: its key, row hash and company
    (``cypher/resync_<name>.cypher``)."""
    if name not in SPECS:
        raise ValueError(f"not a bundle file: {name!r}")
    found = StoredRows()
    intern = sys.intern

    def add(rows: Iterable[list[Any]]) -> None:
        for key, digest, company in rows:
            found.hashes[key] = digest
            found.companies[key] = None if company is None else intern(company)

    if name not in _NODE_FILES:
        for rows in store.read_column(f"resync_{name}", "rows", sep=KEY_SEPARATOR):
            add(rows)
        return found
    after = ""
    while True:
        page = store.read_column(f"resync_{name}", "rows", after=after, limit=_PAGE)
        rows = page[0] if page else []
        if not rows:
            return found
        add(rows)
        after = rows[-1][0]


def prune(store: Store, name: str, keys: Iterable[str]) -> int:
    """Delete the records of bundle file ``name`` with these keys, with their
    relationships (``cypher/prune_<name>.cypher``); return how many were deleted."""
    spec = SPECS[name]
    wanted = sorted(set(keys))
    deleted = 0
    query = cypher.load(f"prune_{name}")
    for start in range(0, len(wanted), _PRUNE_BATCH):
        chunk = wanted[start:start + _PRUNE_BATCH]
        rows = [dict(zip(spec.key, key.split(KEY_SEPARATOR), strict=True)) for key in chunk]
        for row in rows:  # a blank optional key cell is stored as a missing property
            for column, value in row.items():
                if value == "":
                    row[column] = None
        result = store.write_tx(lambda tx, rows=rows: tx.run(query, rows=rows).single())
        deleted += result["deleted"] if result else 0
    return deleted

