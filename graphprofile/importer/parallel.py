"""Parse the rows of large CSV files in worker processes while this process checks them.

Checking a bundle costs some 30-40 µs a row in one process, and most of it is work each
row does on its own: cells to a validated record (pydantic), the record to its store row,
that row pickled for the set-aside rows. What needs the whole bundle (duplicate keys, the
index of ids, owners and parents, references, company consistency) stays in the process
that called :func:`~graphprofile.importer.validate.validate` and sees the rows in file
order, so the report is the one a single process writes, problem for problem.

This process reads the CSV records exactly as :meth:`Bundle.scan
<graphprofile.importer.bundle.Bundle.scan>` does (row numbers, read errors, blank rows)
and sends them in chunks to forked workers. It takes their answers back in the order it
sent the chunks: per row its defect, its pydantic problems or the few values the checks
read (:func:`~graphprofile.importer.validate.checked_columns`), and per chunk the store
rows of its records, pickled once by the worker, which this process appends to the
set-aside rows as they are. At most ``IN_FLIGHT`` chunks per worker are out at a time,
so memory stays bounded whatever the size of the file.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pydantic import ValidationError

from graphprofile.errors import InvalidInput
from graphprofile.importer.bundle import csv_cells, csv_records, parse_cells
from graphprofile.importer.validate import Problem, checked_columns, error_problems
from graphprofile.models import SPECS, Record

__all__ = ["CHUNKS", "Job", "Parsed", "RowWorkers"]

# Files smaller than this are checked in the calling process: below it, sending the rows
# and their answers across costs about what the second CPU saves.
MIN_BYTES = 1 << 20
# A chunk is the records read from about this many bytes of the file: some 1,300 rows
# of a typical people.csv, enough to make the cost of a round trip negligible.
CHUNK_BYTES = 1 << 18
IN_FLIGHT = 2  # chunks per worker sent and not yet taken back: one worked on, one waiting

# Chunks answered, by the process id of the worker that answered them: what tests and
# benchmarks read to see that the workers did the work.
CHUNKS: Counter[int] = Counter()

# Only fork: a forked worker starts at once with everything imported, and needs no
# importable __main__. A worker never touches the store's driver that it inherits, and
# leaves through os._exit as every multiprocessing child does. Without fork, no workers.
_FORK = "fork" in multiprocessing.get_all_start_methods()

KeepAs = Literal["rows", "records"] | None

# One row's answer: (row, defect, pydantic problems or None, values).
# values: None for a row with nothing to check (a defect and no cell); the raw id and
# company_id cells when the row failed to parse (problems not None); else the values of
# checked_columns.
Answer = tuple[int, str | None, list[Problem] | None, dict[str, Any] | None]


class Job(NamedTuple):
    """What a worker needs to know of the file a chunk comes from."""

    name: str  # bundle file name: people
    source: str  # how problems name the file: people.csv
    header: tuple[str, ...]  # column names, stripped
    missing: frozenset[str]  # required columns missing from the header
    keep: KeepAs  # what to send back of the valid records: store rows, records, nothing


class Parsed(NamedTuple):
    """A worker's answer to one chunk."""

    answers: list[Answer]  # one per data record, in file order
    kept: bytes | list[Record] | None  # the valid records' store rows pickled, or records
    kept_count: int  # how many valid records
    worker: int  # process id of the worker


class RowWorkers:
    """A pool of forked worker processes that parse CSV rows, started on first use.

    Parameters
    ----------
    workers
        How many processes; with 1, or where the platform cannot fork, :meth:`takes`
        says no to every file and no process is started.
    """

    def __init__(self, workers: int):
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> RowWorkers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def takes(self, path: Path) -> bool:
        """Whether the rows of CSV file ``path`` are worth sending to the workers."""
        return _FORK and self.workers > 1 and path.stat().st_size >= MIN_BYTES

    def parse(self, job: Job, path: Path) -> Iterator[Parsed]:
        """The answers for every data record of ``path``, chunk by chunk, in file order.

        Reads the file as :meth:`Bundle.scan <graphprofile.importer.bundle.Bundle.scan>`
        does. When the rest of the file cannot be read (InvalidInput, OSError), the
        chunks read before are answered first, then the error is raised: as when a
        single process meets it after checking every row before.
        """
        pool = self._start()
        window = IN_FLIGHT * self.workers
        sent: deque[Future[Parsed]] = deque()
        failure: InvalidInput | OSError | None = None
        try:
            with path.open("rb") as handle:
                records = csv_records(job.source, handle)
                next(records, None)  # the header: the caller read it already
                chunk: list[tuple[int, list[str]]] = []
                start = handle.tell()
                try:
                    for record in records:
                        chunk.append(record)
                        if handle.tell() - start >= CHUNK_BYTES:
                            sent.append(pool.submit(_parse_chunk, job, chunk))
                            chunk, start = [], handle.tell()
                            while len(sent) >= window:
                                yield _taken(sent.popleft().result())
                except (InvalidInput, OSError) as exc:
                    failure = exc
                if chunk:
                    sent.append(pool.submit(_parse_chunk, job, chunk))
            while sent:
                yield _taken(sent.popleft().result())
        finally:
            for future in sent:  # stopped early: what is not started is not needed
                future.cancel()
        if failure is not None:
            raise failure

    def close(self) -> None:
        """Stop the workers (they finish the chunk in hand)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("fork"),
                initializer=_start_worker)
        return self._pool


def _taken(parsed: Parsed) -> Parsed:
    CHUNKS[parsed.worker] += 1
    return parsed


def _start_worker() -> None:
    # Everything inherited from the parent (modules, its index so far) stays alive as
    # long as the worker: out of the collector's way. No gc.collect() first: garbage
    # inherited from the parent is left alone, so that no finalizer of the parent's
    # objects (a file's buffer, a driver's socket) runs in the worker.
    gc.freeze()


def _parse_chunk(job: Job, chunk: list[tuple[int, list[str]]]) -> Parsed:
    """In a worker: what ``_check_file`` in validate.py does to each row before its
    checks, with the same cells, the same parse and the same problems."""
    spec = SPECS[job.name]
    columns = checked_columns(spec)
    header = list(job.header)
    answers: list[Answer] = []
    records: list[Record] = []
    for row, values in chunk:
        cells, defect = csv_cells(header, values)
        if defect and not cells:
            answers.append((row, defect, None, None))
            continue
        try:
            record = parse_cells(job.name, cells)
        except ValidationError as exc:
            raw = {"id": cells.get("id"), "company_id": cells.get("company_id")}
            answers.append((row, defect, error_problems(job.source, row, spec, exc,
                                                        skip=job.missing), raw))
            continue
        fields = record.__dict__
        answers.append((row, defect, None, {column: fields[column] for column in columns}))
        records.append(record)
    kept: bytes | list[Record] | None = None
    if job.keep == "rows" and records:
        from graphprofile.store.records import to_row  # the store's own row shape

        kept = pickle.dumps([to_row(record) for record in records],
                            protocol=pickle.HIGHEST_PROTOCOL)
    elif job.keep == "records":
        kept = records
    return Parsed(answers, kept, len(records), os.getpid())
