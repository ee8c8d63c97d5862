"""Read and parse the rows of large CSV files in worker processes while this one checks them.

Most of the cost of checking a bundle is work each row does on its own: the CSV record
to cells, the cells to a validated record (pydantic), the record to its store row, that
row pickled for the set-aside rows. What needs the whole bundle (duplicate keys, the
index of ids, owners and parents, references, company consistency) stays in the process
that called
:func:`~graphprofile.importer.validate.validate` and sees the rows in file order, so the
report is the one a single process writes, problem for problem.

A file is cut into byte ranges (of at most ``CHUNK_BYTES``) that end at the end of a line,
and each worker reads its own ranges from the file: nothing but the answers crosses between
processes. A range is read from its first byte as if a record started there, and stops
after the first record that ends at or past its last byte. Those are the records a single
process reads there when the range does start a record, which is known once the range
before it is read: it must have stopped exactly there. A line inside a quoted cell spanning
several lines is no record's start, so ranges are cut where the quotes counted since the
range's start are even; when that guess is wrong (a stray ``"`` in an unquoted cell), the
range is read again, in this process, from where the one before stopped.

The answers come back in file order: per row its defect, its pydantic problems or the few
values the checks read (:func:`~graphprofile.importer.validate.checked_columns`), and per
range the store rows of its records, pickled once by the worker, which this process appends
to the set-aside rows as they are. At most ``AHEAD_BYTES`` of the file (or ``MIN_AHEAD``
ranges per worker) are out at a time, so memory stays bounded whatever its size.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import IO, Any, Literal, NamedTuple

from pydantic import ValidationError

from graphprofile.errors import InvalidInput, Problem
from graphprofile.importer import resync as _resync
from graphprofile.importer.bundle import (
    csv_cells,
    csv_range,
    csv_records,
    holds_record,
    parse_cells,
)
from graphprofile.importer.hashing import HASH_PROPERTY, row_hash, row_key
from graphprofile.importer.resync import Unchanged
from graphprofile.importer.rules import checked_columns, error_problems
from graphprofile.models import SPECS, Record

__all__ = ["RANGES", "Job", "Parsed", "RowWorkers"]

# Files smaller than this are checked in the calling process: below it, sending the rows
# and their answers across costs about what the second CPU saves.
MIN_BYTES = 1 << 18
# A range is at most this many bytes (some 600 rows of a typical people.csv: enough to
# make the cost of a round trip negligible) and, in a smaller file, at least
# MIN_CHUNK_BYTES: a file is cut into RANGES_PER_WORKER ranges per worker or more, so that
# every worker has work at once and none waits long for the last range of a file.
CHUNK_BYTES = 1 << 17
MIN_CHUNK_BYTES = 1 << 14
RANGES_PER_WORKER = 8
# Ranges sent and not yet taken back: at least MIN_AHEAD per worker (one worked on, one
# waiting), else up to AHEAD_BYTES of the file, so that the workers go on reading while
# this process does what only it can (the checks that need the whole bundle).
MIN_AHEAD = 2
AHEAD_BYTES = 1 << 23

# Ranges read, by the process id of the worker that read them: what tests and benchmarks
# look at to see that the workers did the work.
RANGES: Counter[int] = Counter()

# Only fork: a forked worker starts at once with everything imported, and needs no
# importable __main__. A worker never touches the store's driver that it inherits, and
# leaves through os._exit as every multiprocessing child does. Without fork, no workers.
_FORK = "fork" in multiprocessing.get_all_start_methods()

KeepAs = Literal["rows", "records"] | None

# One row's answer: (row, defect, pydantic problems or None, values), the row counted
# from the start of the range. values: None for a row with nothing to check (a defect and
# no cell); the raw id and company_id cells when the row failed to parse (problems not
# None); else the values of checked_columns.
Answer = tuple[int, str | None, list[Problem] | None, dict[str, Any] | None]


class Job(NamedTuple):
    """What a worker needs to know of the file it reads a range of."""

    name: str  # bundle file name: people
    source: str  # how problems name the file: people.csv
    path: Path
    header: tuple[str, ...]  # column names, stripped
    missing: frozenset[str]  # required columns missing from the header
    keep: KeepAs  # what to send back of the valid records: store rows, records, nothing
    resync: bool = False  # skip rows whose hash is the stored one (resync.STORED_HASHES)


class Parsed(NamedTuple):
    """What was read of one range of a file."""

    answers: list[Answer]  # one per data record, in file order
    kept: bytes | list[Record] | None  # the valid records' store rows pickled, or records
    kept_count: int  # how many valid records
    read: int  # CSV records read, blank ones included
    stop: int  # the byte after the last record read
    failure: list[Problem] | OSError | None  # why the rest of the file cannot be read
    worker: int  # process id of the reader
    same: Unchanged | None = None  # the rows skipped as unchanged (with job.resync)


class RowWorkers:
    """A pool of forked worker processes that read and parse the rows of CSV files; a
    context manager that stops them.

    :meth:`plan` names the files the workers read, in the order :meth:`parse` is then
    asked for their rows: the workers go on to the next file while this process checks
    the end of one (and whatever files it reads itself in between).

    Parameters
    ----------
    workers
        How many processes; with 1, or where the platform cannot fork, :meth:`takes`
        says no to every file and no process is started.
    """

    def __init__(self, workers: int):
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._planned: dict[str, tuple[int, Job]] = {}  # file name -> (position, job)
        self._unsent: deque[Job] = deque()  # planned files whose ranges are not all sent
        self._ranges: Iterator[tuple[int, int]] | None = None  # of self._unsent[0]
        self._sent: deque[tuple[Job, int, int, Future[Parsed]]] = deque()
        self._ahead = 0  # bytes of the ranges in self._sent
        self._unreadable: dict[str, InvalidInput | OSError] = {}

    def __enter__(self) -> RowWorkers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def takes(self, path: Path) -> bool:
        """Whether the rows of CSV file ``path`` are worth reading in the workers."""
        return _FORK and self.workers > 1 and path.stat().st_size >= MIN_BYTES

    def plan(self, jobs: Iterable[Job]) -> None:
        """Have the workers read these files, in this order; they start at once."""
        for job in jobs:
            self._planned[job.name] = (len(self._planned), job)
            self._unsent.append(job)
        if any(job.keep == "rows" for job in self._unsent):
            # Imported before the workers fork rather than in each of them: the store's
            # modules (the neo4j driver) are slow to import.
            import graphprofile.store.records  # noqa: F401
        self._send()

    def planned(self, name: str) -> Job | None:
        """The planned job of file ``name``, if the workers read it."""
        return self._planned[name][1] if name in self._planned else None

    def parse(self, job: Job) -> Iterator[tuple[int, Parsed]]:
        """``(rows before, what was read)`` of every range of a planned file, in order.

        The rows of a range are numbered from its start: add the rows before (the
        header's included). When the rest of the file cannot be read (InvalidInput,
        OSError), the error is raised after the ranges before it, with the row at which
        a single process meets it.
        """
        position = self._planned[job.name][0]
        rows = 1  # rows before the next range
        expected: int | None = None  # where the next range must start
        while True:
            self._send()
            while self._sent and self._planned[self._sent[0][0].name][0] < position:
                self._take()[3].cancel()  # left of a file that could not be read
            if not self._sent or self._sent[0][0] is not job:  # no more of this file
                if job.name in self._unreadable:
                    raise self._unreadable.pop(job.name)
                return
            _job, begin, end, future = self._take()
            if expected is None:
                expected = begin  # the first range starts after the header
            if expected >= end:  # a record before ran past the whole range
                future.cancel()
                continue
            if begin == expected:
                parsed = future.result()
            else:  # the range starts inside a record: read it from where it starts
                future.cancel()
                parsed = _parse_range(job, expected, end)
            RANGES[parsed.worker] += 1
            yield rows, parsed
            if parsed.failure is not None:
                self._drop(job)
                if isinstance(parsed.failure, OSError):
                    raise parsed.failure
                problems = [replace(p, row=None if p.row is None else rows + p.row)
                            for p in parsed.failure]
                raise InvalidInput(str(problems[0]), problems)
            rows += parsed.read
            expected = parsed.stop

    def close(self) -> None:
        """Stop the workers (they finish the range in hand)."""
        if self._ranges is not None:
            self._ranges.close()
            self._ranges = None
        self._unsent.clear()
        for *_span, future in self._sent:
            future.cancel()
        self._sent.clear()
        self._ahead = 0
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _send(self) -> None:
        """Send ranges, file after file, as far ahead as allowed."""
        while self._unsent and (len(self._sent) < MIN_AHEAD * self.workers
                                or self._ahead < AHEAD_BYTES):
            job = self._unsent[0]
            if self._ranges is None:
                self._ranges = _file_ranges(job, self.workers)
            try:
                span = next(self._ranges, None)
            except (InvalidInput, OSError) as exc:  # changed since its header was read
                self._unreadable[job.name] = exc
                span = None
            if span is None:
                self._ranges = None
                self._unsent.popleft()
                continue
            begin, end = span
            self._sent.append((job, begin, end,
                               self._start().submit(_parse_range, job, begin, end)))
            self._ahead += end - begin

    def _take(self) -> tuple[Job, int, int, Future[Parsed]]:
        job, begin, end, future = self._sent.popleft()
        self._ahead -= end - begin
        return job, begin, end, future

    def _drop(self, job: Job) -> None:
        """Send no more of ``job``'s file."""
        if self._unsent and self._unsent[0] is job:
            if self._ranges is not None:
                self._ranges.close()
                self._ranges = None
            self._unsent.popleft()

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("fork"),
                initializer=_start_worker)
        return self._pool


def _file_ranges(job: Job, workers: int) -> Iterator[tuple[int, int]]:
    """The ranges of ``job``'s file after its header: of at most ``CHUNK_BYTES``, and of
    at least ``MIN_CHUNK_BYTES`` if ``RANGES_PER_WORKER`` per worker are smaller."""
    with job.path.open("rb") as handle:
        records = csv_records(job.source, handle)
        next(records, None)  # the header (its errors are reported by the caller)
        records.close()
        start = handle.tell()
        size = os.fstat(handle.fileno()).st_size - start
        yield from _ranges(handle, start, min(CHUNK_BYTES, max(
            MIN_CHUNK_BYTES, size // (RANGES_PER_WORKER * workers))))


def _ranges(handle: IO[bytes], start: int, size: int) -> Iterator[tuple[int, int]]:
    """``(first byte, end)`` of ranges of about ``size`` bytes from ``start`` to the end
    of the file, each ending at the end of a line where it holds an even number of ``"``.

    An odd count means the line ends inside a quoted cell (in well-formed CSV); the range
    then takes more lines, at most ``size`` bytes more, so that a stray quote costs no
    more than a range read twice.
    """
    begin = start
    handle.seek(begin)
    while True:
        block = handle.read(size)
        if not block:
            return
        if not block.endswith(b"\n"):
            block += handle.readline()
        quotes, end = block.count(b'"'), begin + len(block)
        extra = 0
        while quotes % 2 and extra < size and (line := handle.readline()):
            quotes += line.count(b'"')
            end += len(line)
            extra += len(line)
        yield begin, end
        begin = end


def _start_worker() -> None:
    # Everything inherited from the parent (modules, its index so far) stays alive as
    # long as the worker: out of the collector's way. No gc.collect() first: garbage
    # inherited from the parent is left alone, so that no finalizer of the parent's
    # objects (a file's buffer, a driver's socket) runs in the worker.
    gc.freeze()


def _parse_range(job: Job, begin: int, end: int) -> Parsed:
    """Read the records of one range and do to each what ``_check_file`` in validate.py
    does before its checks: the same cells, the same parse, the same problems."""
    if job.keep == "rows":
        from graphprofile.store.records import to_row  # the store's own row shape
    spec = SPECS[job.name]
    columns = checked_columns(spec)
    header = list(job.header)
    answers: list[Answer] = []
    # A record turns into its store row at once: the records of a whole range kept alive
    # to its end would be walked by the collector again and again.
    rows: list[dict[str, Any]] = []
    records: list[Record] = []
    valid = 0
    read = [0]
    failure: list[Problem] | OSError | None = None
    # A re-sync compares each row's hash with the stored one and skips the equal.
    stored = _resync.STORED_HASHES.get(job.name) if job.resync else None
    same = Unchanged.of(job.name) if stored is not None else None
    with job.path.open("rb") as handle:
        handle.seek(begin)
        try:
            for values in csv_range(job.source, handle, end, read):
                if not holds_record(values):
                    continue
                row = read[0]
                cells, defect = csv_cells(header, values)
                if defect and not cells:
                    answers.append((row, defect, None, None))
                    continue
                digest = row_hash(job.name, cells) if job.keep == "rows" or stored else 0
                if stored is not None and same is not None and not defect:
                    key = row_key(job.name, cells)
                    if stored.get(key) == digest:
                        same.add(job.name, row, key, cells)
                        continue
                try:
                    record = parse_cells(job.name, cells)
                except ValidationError as exc:
                    raw = {"id": cells.get("id"), "company_id": cells.get("company_id")}
                    answers.append((row, defect, error_problems(
                        job.source, row, spec, exc, skip=job.missing), raw))
                    continue
                fields = record.__dict__
                answers.append((row, defect, None,
                                {column: fields[column] for column in columns}))
                valid += 1
                if job.keep == "rows":
                    kept_row = to_row(record)
                    kept_row[HASH_PROPERTY] = digest
                    rows.append(kept_row)
                elif job.keep == "records":
                    records.append(record)
        except InvalidInput as exc:
            failure = exc.problems
        except OSError as exc:
            failure = exc
        stop = handle.tell()
    kept: bytes | list[Record] | None = None
    if rows:
        kept = pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)
    elif job.keep == "records":
        kept = records
    return Parsed(answers, kept, valid, read[0], stop, failure, os.getpid(), same)
