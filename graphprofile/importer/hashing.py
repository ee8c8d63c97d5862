"""The content hash and key of a raw bundle row: what an import compares with what the
store holds to skip rows unchanged since the last import (see /README, Re-sync).

Both are computed from the row's raw cells (:meth:`~graphprofile.importer.bundle.Bundle.
scan`), before any parse, so an unchanged row costs neither a parse nor a write.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from enum import Enum
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from graphprofile.models import SPECS
from graphprofile.store.row_hashes import HASH_PROPERTY, KEY_SEPARATOR

__all__ = ["HASH_PROPERTY", "HASH_VERSION", "KEY_SEPARATOR", "file_digest", "row_hash",
           "row_key", "stored_key"]

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
# Bump when what a row's cells become changes without its model's fields changing
# (a parsing rule): every stored row then looks changed once and is written again.
HASH_VERSION = 1


@cache
def _salt(name: str) -> bytes:
    """The file name, HASH_VERSION and the model's fields and types: a changed model
    makes every stored row of the file look changed."""
    model = SPECS[name].model
    # A validator's function prints with its address, which differs in every process.
    fields = ";".join(_ADDRESS.sub("", f"{field}:{info.annotation}")
                      for field, info in model.model_fields.items())
    return f"{HASH_VERSION}\x1e{name}\x1e{fields}\x1e".encode()


def row_hash(name: str, cells: Mapping[str, str | None]) -> int:
    """The content hash of one raw row of bundle file ``name``: a signed 64-bit integer.

    Every cell is hashed (not a fixed list of columns), sorted by column name, so
    column order does not matter; blank cells (None, empty, only whitespace) are left
    out, so a blank cell and a missing column hash alike.

    >>> row_hash("products", {"id": "a", "name": "A"}) == row_hash(
    ...     "products", {"name": "A", "id": "a", "category": " "})
    True
    >>> row_hash("products", {"id": "a", "name": "A"}) == row_hash(
    ...     "products", {"id": "a", "name": "B"})
    False
    """
    digest = _salted(name).copy()  # the salt is hashed once per file, not per row
    digest.update("\x1e".join([
        column + "\x1f" + value for column in _sorted_columns(tuple(cells))
        if (value := cells[column]) and not value.isspace()]).encode("utf-8", "surrogatepass"))
    return int.from_bytes(digest.digest(), "big", signed=True)


def file_digest(name: str, path: Path) -> int:
    """The content hash of bundle file ``name`` at ``path``, byte for byte, salted as its
    rows are: a signed 64-bit integer. An import whose file has the digest recorded by
    the last import of it, into a store holding what that import left, skips the file
    whole (see :func:`graphprofile.importer.load.read_resync`)."""
    digest = _salted(name).copy()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return int.from_bytes(digest.digest(), "big", signed=True)


@lru_cache(maxsize=256)  # the rows of a file share their header
def _sorted_columns(columns: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(columns))


@cache
def _salted(name: str) -> Any:
    return hashlib.blake2b(_salt(name), digest_size=8)


@cache
def _key_defaults(name: str) -> tuple[tuple[str, str], ...]:
    """(column, text of its default) of the key columns: a blank cell takes the default,
    as the parse gives it (``vendor`` is ``ours`` when blank)."""
    model = SPECS[name].model
    found = []
    for column in SPECS[name].key:
        default = model.model_fields[column].default
        if isinstance(default, Enum):
            default = default.value
        found.append((column, "" if default is None or not isinstance(default, str | int)
                      else str(default)))
    return tuple(found)


def row_key(name: str, cells: Mapping[str, str | None]) -> str:
    """The key of a raw row as the store reads it back (``cypher/resync_<name>.cypher``):
    the key columns' cells stripped (a blank one as its default, else ``""``), joined
    with :data:`KEY_SEPARATOR`.

    >>> row_key("relationships", {"colleague_id": " C1", "person_id": "P1", "strength": "3"})
    'C1\\x1fP1'
    """
    parts = []
    for column, default in _key_defaults(name):
        value = (cells.get(column) or "").strip()
        parts.append(value or default)
    return KEY_SEPARATOR.join(parts)


def stored_key(name: str, row: Mapping[str, Any]) -> str:
    """The key of a store row (:func:`~graphprofile.store.records.to_row`) of ``name``."""
    return KEY_SEPARATOR.join(
        "" if row.get(column) is None else str(row[column]) for column in SPECS[name].key)
