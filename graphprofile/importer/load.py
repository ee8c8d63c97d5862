"""Import a validated bundle into the store in batches, and export it back."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from neo4j.exceptions import DriverError, Neo4jError

from graphprofile.importer.bundle import Bundle
from graphprofile.importer.csvio import write_bundle
from graphprofile.importer.spill import ValidatedRows
from graphprofile.importer.validate import ValidationReport, validate
from graphprofile.models import BUNDLE
from graphprofile.store import Store
from graphprofile.store.records import (
    Line,
    StoreLookup,
    export_records,
    link_rows,
    prepare_writes,
    to_row,
    upsert_rows,
)

__all__ = ["ImportResult", "check_bundle", "export_bundle", "progress_total", "write_checked"]

log = logging.getLogger(__name__)
Progress = Callable[[str, int], None]
DEFAULT_BATCH = 5_000
DEFAULT_WRITERS = 2
T = TypeVar("T")


def _write_all(batches: Iterator[list[T]], write: Callable[[list[T]], int], *,
               writers: int, done: Callable[[int], None] | None = None) -> int:
    """Write every batch; return the sum of what ``write`` returns.

    This thread reads and validates the next batches while up to ``writers`` threads
    each have one batch in a write transaction on the server (the server does the work,
    so threads suffice). Batches of one file never depend on each other: validation
    refused duplicate keys, and same-file lines are drawn in a later pass. On a failure
    nothing more is sent, the batches already sent finish, and the first error is
    raised; every write is idempotent (a row whose id is stored is merged, only a new one
    is created), so running the import again completes it.
    """
    total = 0
    writers = max(1, writers)
    with ThreadPoolExecutor(max_workers=writers, thread_name_prefix="import-writer") as pool:
        pending: dict[Future[int], int] = {}  # batch in the server's hands -> its size

        def settle(at_most: int) -> None:
            nonlocal total
            while len(pending) > at_most:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    size = pending.pop(future)
                    total += future.result()  # the writer's error is raised here
                    if done:
                        done(size)

        try:
            for batch in batches:
                # Read (and validate) the next batch while the writers are busy; send it
                # once one of them is free.
                settle(writers - 1)
                pending[pool.submit(write, batch)] = len(batch)
            settle(0)
        except BaseException:
            for future in pending:
                future.cancel()
            wait(pending)
            raise
    return total


@dataclass
class ImportResult:
    """What an import wrote: rows per file, the validation that allowed it, and the
    accounts it touched (None: any account may have changed, as after a bulk import)."""

    written: dict[str, int] = field(default_factory=dict)
    report: ValidationReport | None = None
    companies: frozenset[str] | None = None

    @property
    def total(self) -> int:
        return sum(self.written.values())


def _plan(store: Store, names: list[str]) -> None:
    """:func:`~graphprofile.store.records.prepare_writes`, run beside validation. Its
    failure is not the import's: the write that follows meets (and reports) the same."""
    try:
        prepare_writes(store, names)
    except (Neo4jError, DriverError) as exc:
        log.debug("planning the import's statements failed: %s", exc)


def check_bundle(store: Store, path: str | Path, *, keep_rows: bool = True,
                 workers: int | None = None) -> tuple[Bundle, ValidationReport]:
    """Validate a bundle against itself and what is stored; write nothing.

    With ``keep_rows`` (for an import to follow) the valid rows are set aside while they
    are read (:class:`~graphprofile.importer.spill.ValidatedRows`, as
    ``bundle.validated``), so :func:`write_checked` need not parse the files again.
    ``workers`` processes parse the rows of large CSV files (default
    ``GRAPHPROFILE_WORKERS``; see :func:`~graphprofile.importer.validate.validate`).
    """
    bundle = Bundle.open(path)
    kept = ValidatedRows(DEFAULT_BATCH) if keep_rows else None
    # The server plans the write statements while this process checks the rows.
    planning = None
    if keep_rows:
        planning = threading.Thread(target=_plan, name="import-planning", daemon=True,
                                    args=(store, [spec.name for spec in bundle.present()]))
        planning.start()
    try:
        report = validate(bundle, existing=StoreLookup(store), keep=kept, workers=workers)
        if kept:
            kept.finish()
    except BaseException:
        if kept:
            kept.close()
        raise
    finally:
        if planning:
            planning.join()
    if kept and report.problems:
        kept.close()
    elif kept:
        bundle.validated = kept
    return bundle, report


def write_checked(
    store: Store,
    bundle: Bundle,
    report: ValidationReport,
    *,
    batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None,
    affected_companies: Collection[str] | None = None,
    writers: int | None = None,
) -> ImportResult:
    """Write a bundle that ``check_bundle`` found valid.

    Each file's batches are written by ``writers`` concurrent transactions (default
    ``DEFAULT_WRITERS``). Writes are idempotent (stored ids are merged, new ones
    created), so an import cut short by a failure is completed by running it again.
    ``affected_companies``: the accounts the bundle changes when the caller knows them
    (the result's ``companies``; else None, any account).
    """
    report.raise_for_problems()
    result = ImportResult(report=report, companies=None if affected_companies is None
                          else frozenset(affected_companies))
    present = bundle.present()
    writers = DEFAULT_WRITERS if writers is None else writers

    def reporter(label: str) -> Callable[[int], None] | None:
        return (lambda n: progress(label, n)) if progress else None

    def links_reporter(label: str) -> Callable[[int], None] | None:
        # The bar counts rows; drawing lines is reported under its own name but adds none.
        return (lambda _n: progress(label, 0)) if progress else None

    def rows(name: str) -> Iterator[list[dict[str, Any]]]:
        if bundle.validated is not None:
            return bundle.validated.batches(name, batch_size)
        return ([to_row(r) for r in batch] for batch in bundle.batches(name, batch_size))

    # Lines to rows stored after their own batch, left for a last pass. They go to disk
    # past one batch per file: a file listing every report before its manager would
    # otherwise hold a line per row in memory.
    waiting = ValidatedRows(batch_size)
    lock = threading.Lock()

    def write(name: str, batch: list[dict[str, Any]]) -> int:
        lines: list[Line] = upsert_rows(store, name, batch)
        if lines:
            with lock:
                waiting.add_rows(name, lines)
        return len(batch)

    try:
        # A file is complete before the next starts: later files point at its nodes.
        for spec in present:
            result.written[spec.name] = _write_all(
                rows(spec.name), lambda batch, name=spec.name: write(name, batch),
                writers=writers, done=reporter(spec.name))
        waiting.finish()
        for spec in present:
            if waiting.has(spec.name):
                _write_all(waiting.batches(spec.name, batch_size),
                           lambda batch, name=spec.name: link_rows(store, name, batch),
                           writers=writers, done=links_reporter(f"{spec.name} links"))
    finally:
        waiting.close()
        if bundle.validated is not None:
            bundle.validated.close()
            bundle.validated = None
    return result


def progress_total(report: ValidationReport) -> int:
    """Rows a progress bar will see: every row once."""
    return sum(report.counts.values())


def export_bundle(store: Store, out_dir: str | Path) -> dict[str, int]:
    """Write every stored record as a bundle that an import reads back."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return write_bundle(out, {spec.name: export_records(store, spec.name) for spec in BUNDLE})
