"""Re-sync: an import of a bundle mostly unchanged since the last one.

Each stored record carries the hash of the raw row it was imported from
(:mod:`graphprofile.importer.hashing`). Before validating, the import reads the stored
key -> hash map of every file in the bundle (:class:`Resync`); a row whose hash equals
the stored one is neither parsed nor written. What validation needs of such a row (its
key, company, parent, "one per" value) is taken from its raw cells
(:class:`Unchanged`), so changed and new rows are checked against the whole bundle
(duplicates, loops, the one owner per account) and the store as before.

An unchanged row's own checks could only fail through another row: a record it names
moved to another company, or was pruned. Then the bundle is validated again in full
(``needs_full``), every row parsed, and only the changed rows written.

A whole file is skipped (``whole``) when it is byte for byte the file the last import of
it read, and the store still holds the row hashes that import left
(:class:`~graphprofile.store.row_hashes.FileState`): every row of it is then unchanged,
and validation treats the file as absent from the bundle (references to its records are
answered by the store, which holds exactly them) unless the bundle is validated in full.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphprofile.importer.hashing import KEY_SEPARATOR
from graphprofile.importer.rules import ONE_PER, OWNED, PARENTS
from graphprofile.models import SPECS

__all__ = ["PruningLookup", "Resync", "Unchanged", "unchanged_info"]

# What the workers of one import compare with: file -> key -> stored hash. Set by
# validate before it starts them; forked workers inherit it.
STORED_HASHES: dict[str, Mapping[str, int | None]] = {}


@dataclass
class Unchanged:
    """The unchanged rows of one range of a file (or of a whole file): their row
    numbers, keys and, where the file has them, raw company, parent and "one per"
    values (None where a file has none)."""

    rows: list[int] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    owners: list[str | None] | None = None
    parents: list[str | None] | None = None
    ones: list[str | None] | None = None

    @classmethod
    def of(cls, name: str) -> Unchanged:
        return cls(owners=[] if name in OWNED else None,
                   parents=[] if name in PARENTS else None,
                   ones=[] if name in ONE_PER else None)

    def add(self, name: str, row: int, key: str, cells: Mapping[str, str | None]) -> None:
        self.rows.append(row)
        self.keys.append(key)
        if self.owners is not None:
            self.owners.append(_cell(cells, "company_id"))
        if self.parents is not None:
            self.parents.append(_cell(cells, PARENTS[name][0]))
        if self.ones is not None:
            single = ONE_PER[name]
            self.ones.append(_cell(cells, single.per)
                             if _cell(cells, single.column) == single.value else None)

    def __len__(self) -> int:
        return len(self.rows)


def _cell(cells: Mapping[str, str | None], column: str) -> str | None:
    value = cells.get(column)
    return value.strip() or None if value is not None else None


def unchanged_info(name: str) -> Unchanged:
    """An empty :class:`Unchanged` for file ``name``."""
    return Unchanged.of(name)


@dataclass
class Resync:
    """The stored state of the files of a bundle and what the import found of them.

    ``hashes``/``companies``: per file, the stored key -> row hash / company.
    ``prune``: records of present files missing from the bundle are to be deleted.
    Per file, filled by validation and the write: ``unchanged`` rows skipped,
    ``changed``/``new`` rows written, keys ``seen`` in the bundle (with ``prune``),
    ``moved`` keys of checked rows whose company is not the stored one.
    """

    hashes: dict[str, Mapping[str, int | None]] = field(default_factory=dict)
    companies: dict[str, Mapping[str, str | None]] = field(default_factory=dict)
    prune: bool = False
    skip: bool = True  # skip the parse of unchanged rows (False: a full validation)
    unchanged: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)
    new: dict[str, int] = field(default_factory=dict)
    pruned: dict[str, int] = field(default_factory=dict)
    seen: dict[str, set[str]] = field(default_factory=dict)
    moved: set[tuple[str, str]] = field(default_factory=set)
    # Per CSV file, its digest (importer/hashing.py file_digest); the files skipped
    # whole: file -> its rows (as the last import of it counted them).
    digests: dict[str, int] = field(default_factory=dict)
    whole: dict[str, int] = field(default_factory=dict)
    # Per file written: the number and sum of the row hashes the store will hold once
    # the import is done, from the stored ones and those of the rows written.
    tallies: dict[str, list[int]] = field(default_factory=dict)

    @property
    def stored_any(self) -> bool:
        """Whether any file of the bundle has stored records."""
        return any(self.hashes.values())

    def skips(self, name: str) -> bool:
        """Whether unchanged rows of file ``name`` skip the parse."""
        return self.skip and bool(self.hashes.get(name))

    def skips_whole(self, name: str) -> bool:
        """Whether file ``name`` is skipped whole (neither read nor written)."""
        return self.skip and name in self.whole

    def saw_unchanged(self, name: str, unchanged: Unchanged) -> None:
        self.unchanged[name] = self.unchanged.get(name, 0) + len(unchanged)
        if self.prune:
            self.seen.setdefault(name, set()).update(unchanged.keys)

    def saw_checked(self, name: str, values: Mapping[str, Any]) -> None:
        """A row that was parsed: note its key (for prune) and whether it moved."""
        key = values_key(name, values)
        if self.prune:
            self.seen.setdefault(name, set()).add(key)
        if name in OWNED:
            stored = self.companies.get(name, {})
            if key in stored and stored[key] != values.get("company_id"):
                self.moved.add((name, key))

    def missing(self, name: str) -> set[str]:
        """Stored keys of file ``name`` absent from the bundle (with ``prune``)."""
        if not self.prune or name not in self.hashes or self.skips_whole(name):
            return set()
        seen = self.seen.get(name, set())
        return {key for key in self.hashes[name] if key not in seen}

    @property
    def needs_full(self) -> bool:
        """Whether unchanged rows must be checked too: a record moved to another company
        or is to be pruned."""
        return bool(self.moved) or any(self.missing(name) for name in self.hashes)

    def counts(self) -> dict[str, dict[str, int]]:
        """Per file: unchanged, changed, new and pruned rows."""
        return {name: {"unchanged": self.unchanged.get(name, 0),
                       "changed": self.changed.get(name, 0),
                       "new": self.new.get(name, 0),
                       "pruned": self.pruned.get(name, 0)}
                for name in self.hashes}


def values_key(name: str, values: Mapping[str, Any]) -> str:
    """The key of a parsed row (its field values, or what a worker sent of them)."""
    from graphprofile.importer.csvio import text

    return KEY_SEPARATOR.join(text(values[column]) for column in SPECS[name].key)


class PruningLookup:
    """The store's answers for references, less what a pruning import will delete: a
    row naming a record that is about to be pruned is refused as it would be by an
    import into an empty store."""

    def __init__(self, existing: Any, resync: Resync):
        self.existing = existing
        self.resync = resync

    def lookup(self, kind: str, ids: Collection[str]) -> dict[str, str | None]:
        found = dict(self.existing.lookup(kind, ids))
        gone = self.resync.missing(kind)
        return {ident: company for ident, company in found.items() if ident not in gone}
