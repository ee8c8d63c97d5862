"""Validated rows set aside while a bundle is checked, so it is parsed only once.

An import reads the bundle twice: once to validate everything (nothing is written unless
every row passes), once to write. Parsing a row (CSV cells to a validated record) costs
far more than reading a pickled one back, so the check keeps each valid record's store
row in pickled batches in a temporary folder and the write pass reads those instead of
the files. Memory holds one unfinished batch per file; the folder is removed when the
rows are closed, garbage-collected or the process exits.
"""

from __future__ import annotations

import pickle
import shutil
import tempfile
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from graphprofile.importer.csvio import chunked
from graphprofile.models import Record

__all__ = ["ValidatedRows"]

Row = dict[str, Any]


class ValidatedRows:
    """Store rows of a bundle's records, file by file, in the order they were added.

    >>> from graphprofile.models import Product
    >>> kept = ValidatedRows(batch_size=2)
    >>> for pid in ("a", "b", "c"):
    ...     kept.add("products", Product(id=pid, name=pid.upper(), category="crm"))
    >>> kept.finish()
    >>> [[row["id"] for row in batch] for batch in kept.batches("products", 2)]
    [['a', 'b'], ['c']]
    >>> kept.has("products"), kept.has("people")
    (True, False)
    >>> kept.close()

    Rows already in the store's shape (lines waiting for a last pass) are kept alike:

    >>> kept = ValidatedRows(batch_size=2)
    >>> kept.add_rows("people", [{"id": "p1", "reports_to": "p9"}])
    >>> kept.add_rows("people", [{"id": "p2", "reports_to": "p9"}] * 2)
    >>> kept.finish()
    >>> [len(batch) for batch in kept.batches("people", 2)]
    [2, 1]
    >>> kept.close()

    Rows pickled elsewhere (by a worker process) are appended as they are:

    >>> import pickle
    >>> kept = ValidatedRows(batch_size=2)
    >>> kept.add("products", Product(id="a", name="A", category="crm"))
    >>> kept.add_pickled("products", pickle.dumps([{"id": "b"}, {"id": "c"}]), 2)
    >>> kept.finish()
    >>> [[row["id"] for row in batch] for batch in kept.batches("products", 2)]
    [['a', 'b'], ['c']]
    >>> kept.close()
    """

    def __init__(self, batch_size: int = 5_000, directory: str | Path | None = None):
        self.batch_size = max(1, batch_size)
        self.folder = Path(tempfile.mkdtemp(prefix="graphprofile-import-", dir=directory))
        self._cleanup = weakref.finalize(self, shutil.rmtree, self.folder, True)
        self._pending: dict[str, list[Row]] = {}
        self._files: dict[str, IO[bytes]] = {}
        self._counts: dict[str, int] = {}

    def add(self, name: str, record: Record) -> None:
        """Keep the store row of one valid record of file ``name``."""
        from graphprofile.store.records import to_row  # the store's own row shape

        self.add_rows(name, [to_row(record)])

    def add_rows(self, name: str, rows: list[Row]) -> None:
        """Keep store rows of file ``name`` that are already in the store's shape."""
        pending = self._pending.setdefault(name, [])
        pending.extend(rows)
        if len(pending) >= self.batch_size:
            self._flush(name)

    def add_pickled(self, name: str, rows: bytes, count: int) -> None:
        """Keep ``count`` store rows of file ``name`` given as one pickled list.

        A worker process that parsed the records pickles their rows (``to_row``) there,
        so this process only appends the bytes. They follow the rows added before.
        """
        if count <= 0:
            return
        self._flush(name)  # rows added one by one before these go first
        self._handle(name).write(rows)
        self._counts[name] = self._counts.get(name, 0) + count

    def _flush(self, name: str) -> None:
        pending = self._pending.get(name)
        if not pending:
            return
        pickle.dump(pending, self._handle(name), protocol=pickle.HIGHEST_PROTOCOL)
        self._counts[name] = self._counts.get(name, 0) + len(pending)
        self._pending[name] = []

    def _handle(self, name: str) -> IO[bytes]:
        handle = self._files.get(name)
        if handle is None:
            handle = self._files[name] = (self.folder / f"{name}.pickle").open("wb")
        return handle

    def finish(self) -> None:
        """Write out what is pending; call once every record was added."""
        for name in list(self._pending):
            self._flush(name)
        for handle in self._files.values():
            handle.close()

    def has(self, name: str) -> bool:
        """Whether rows of file ``name`` were kept."""
        return self._counts.get(name, 0) > 0

    def count(self, name: str) -> int:
        """How many rows of file ``name`` were kept (call after :meth:`finish`)."""
        return self._counts.get(name, 0)

    def batches(self, name: str, size: int) -> Iterator[list[Row]]:
        """The kept rows of file ``name`` in lists of at most ``size``, in order."""
        return chunked(self._rows(name), size)

    def _rows(self, name: str) -> Iterator[Row]:
        if not self.has(name):
            return
        with (self.folder / f"{name}.pickle").open("rb") as handle:
            while True:
                try:
                    # Our own file, written by this process a moment ago.
                    rows: list[Row] = pickle.load(handle)  # noqa: S301
                except EOFError:
                    return
                yield from rows

    def close(self) -> None:
        """Remove the folder and everything in it."""
        for handle in self._files.values():
            handle.close()
        self._cleanup()
