"""Import a validated bundle into the store in batches, and export it back."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from neo4j.exceptions import DriverError, Neo4jError

from graphprofile.importer.bundle import Bundle
from graphprofile.importer.csvio import write_bundle
from graphprofile.importer.hashing import HASH_PROPERTY, file_digest, stored_key
from graphprofile.importer.resync import Resync
from graphprofile.importer.spill import ValidatedRows
from graphprofile.importer.validate import ValidationReport, validate
from graphprofile.models import BUNDLE
from graphprofile.store import Store, row_hashes
from graphprofile.store.accounts import colleague_account_ids
from graphprofile.store.records import (
    Line,
    StoreLookup,
    export_records,
    link_rows,
    prepare_writes,
    to_row,
    upsert_rows,
)
from graphprofile.store.row_hashes import FileState, signed64

__all__ = ["ImportResult", "check_bundle", "export_bundle", "progress_total",
           "read_resync", "touched_companies", "touched_through", "write_checked"]

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
    # Per file: rows unchanged (skipped), changed, new (written) and pruned (deleted).
    resync: dict[str, dict[str, int]] = field(default_factory=dict)
    # The files skipped whole: byte for byte those the last import read (neither read
    # nor written; their rows count as unchanged).
    skipped_files: tuple[str, ...] = ()

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


def read_resync(store: Store, bundle: Bundle, *, prune: bool = False) -> Resync:
    """The stored key -> row hash (and company) map of every file in ``bundle``, the
    digest of each CSV file, and the files to skip whole: those with the digest the last
    import of them recorded, whose stored row hashes are still the ones it left (with
    ``prune``: and no other record of theirs is stored)."""
    state = Resync(prune=prune)
    recorded = row_hashes.file_states(store)
    for spec in bundle.present():
        stored = row_hashes.stored_rows(store, spec.name)
        state.hashes[spec.name] = stored.hashes
        state.companies[spec.name] = stored.companies
        path = bundle.csv_file(spec.name)
        if path is None:
            continue
        digest = state.digests[spec.name] = file_digest(spec.name, path)
        last = recorded.get(spec.name)
        if last is not None and last.digest == digest and last.holds(stored, prune=prune):
            state.whole[spec.name] = last.rows
    return state


def check_bundle(store: Store, path: str | Path, *, keep_rows: bool = True,
                 workers: int | None = None, prune: bool = False
                 ) -> tuple[Bundle, ValidationReport]:
    """Validate a bundle against itself and what is stored; write nothing.

    With ``keep_rows`` (for an import to follow) the valid rows are set aside while they
    are read (:class:`~graphprofile.importer.spill.ValidatedRows`, as
    ``bundle.validated``), so :func:`write_checked` need not parse the files again.
    ``workers`` processes parse the rows of large CSV files (default
    ``GRAPHPROFILE_WORKERS``; see :func:`~graphprofile.importer.validate.validate`).

    With ``keep_rows`` it is a re-sync (:mod:`graphprofile.importer.resync`): rows whose
    hash is the stored one are neither parsed nor kept, unless a record moved to another
    company or is to be pruned (``prune``: records of the files present that the bundle
    lacks); then every row is checked again, and :func:`write_checked` skips the
    unchanged ones. The state is ``bundle.resync``.
    """
    bundle = Bundle.open(path)
    state = read_resync(store, bundle, prune=prune) if keep_rows else None
    kept = ValidatedRows(DEFAULT_BATCH) if keep_rows else None
    # The server plans the write statements while this process checks the rows.
    planning = None
    if keep_rows:
        planning = threading.Thread(target=_plan, name="import-planning", daemon=True,
                                    args=(store, [spec.name for spec in bundle.present()]))
        planning.start()
    try:
        report = validate(bundle, existing=StoreLookup(store), keep=kept, workers=workers,
                          resync=state)
        if kept:
            kept.finish()
        if state is not None and kept is not None and report.ok and state.needs_full:
            # An unchanged row may now fail through another: check every row.
            kept.close()
            kept = ValidatedRows(DEFAULT_BATCH)
            state = Resync(state.hashes, state.companies, prune=prune, skip=False,
                           digests=state.digests)
            report = validate(bundle, existing=StoreLookup(store), keep=kept,
                              workers=workers, resync=state)
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
    bundle.resync = state
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

    state = bundle.resync
    if state is not None:
        for spec in present:
            if not state.skips_whole(spec.name):
                state.tallies[spec.name] = list(FileState.tally(
                    (state.hashes.get(spec.name) or {}).values()))

    def rows(name: str) -> Iterator[list[dict[str, Any]]]:
        # Rows not written still move the bar: it counts every row once.
        if state is not None and progress:
            # Skipped whole, or unchanged rows validation left out (not parsed).
            skipped = state.whole[name] if state.skips_whole(name) else state.unchanged.get(name)
            if skipped:
                progress(name, skipped)
        if state is not None and state.skips_whole(name):
            return iter(())
        if bundle.validated is not None:
            batches = bundle.validated.batches(name, batch_size)
            return batches if state is None else _changed(state, name, batches,
                                                          reporter(name))
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
        if state is not None:
            for spec in reversed(present):  # what refers to a record goes before it
                missing = state.missing(spec.name)
                state.pruned[spec.name] = (row_hashes.prune(store, spec.name, missing)
                                           if missing else 0)
                _untally(state, spec.name, missing)
            for spec in present:
                state.unchanged[spec.name] = report.counts.get(spec.name, 0) - (
                    state.changed.get(spec.name, 0) + state.new.get(spec.name, 0))
            result.resync = state.counts()
            result.skipped_files = tuple(spec.name for spec in present
                                         if state.skips_whole(spec.name))
            row_hashes.record_file_states(store, {
                name: FileState(state.digests[name], report.counts.get(name, 0), *tally)
                for name, tally in state.tallies.items() if name in state.digests})
    finally:
        waiting.close()
        if bundle.validated is not None:
            bundle.validated.close()
            bundle.validated = None
    return result


def _changed(state: Resync, name: str, batches: Iterator[list[dict[str, Any]]],
             skipped: Callable[[int], None] | None = None
             ) -> Iterator[list[dict[str, Any]]]:
    """The kept rows of file ``name`` less those whose hash is the stored one (after a
    full validation every row is kept), counted as changed or new in ``state``;
    ``skipped`` is told how many of a batch's rows were left out."""
    stored = state.hashes.get(name) or {}
    # A person who moved company lost their roles there (upsert_people deletes them):
    # their role rows are written again, unchanged or not, to end at the new company.
    again = ({key for kind, key in state.moved if kind == "people"} if name == "roles"
             else set())
    changed = new = 0
    # The number and sum of the row hashes stored for the file once the rows are written.
    tally = state.tallies.setdefault(name, [0, 0])
    for batch in batches:
        if not stored:
            new += len(batch)
            _retally(tally, None, [row.get(HASH_PROPERTY) for row in batch])
            yield batch
            continue
        out = []
        for row in batch:
            key = stored_key(name, row)
            if key not in stored:
                new += 1
            elif (row.get(HASH_PROPERTY) is not None and stored[key] == row[HASH_PROPERTY]
                  and row.get("person_id") not in again):
                continue
            else:
                changed += 1
            _retally(tally, stored.get(key), [row.get(HASH_PROPERTY)])
            out.append(row)
        if skipped and len(out) < len(batch):
            skipped(len(batch) - len(out))
        if out:
            yield out
    state.changed[name] = changed
    state.new[name] = new


def _retally(tally: list[int], old: int | None, new: list[int | None]) -> None:
    """Update a file's (number, sum) of stored row hashes: ``old`` replaced by ``new``."""
    if old is not None:
        tally[0] -= 1
        tally[1] -= old
    found = [h for h in new if h is not None]
    tally[0] += len(found)
    tally[1] = signed64(tally[1] + sum(found))


def _untally(state: Resync, name: str, deleted: set[str]) -> None:
    """Take the records pruned out of the file's tally."""
    tally = state.tallies.get(name)
    if tally is None or not deleted:
        return
    stored = state.hashes.get(name) or {}
    for key in deleted:
        _retally(tally, stored.get(key), [])


# Past this share of the stored rows written, every account counts as touched: reading
# them all costs about what finding the touched ones does.
_TOUCHED_SHARE = 0.2


def touched_companies(store: Store, bundle: Bundle, *,
                      files: Collection[str] | None = None) -> frozenset[str] | None:
    """The accounts an import of a checked bundle changes: those of its changed and new
    rows (before and after), and of the records it will prune; with ``files``, only
    through the rows and records of these files. None when that is (nearly) every
    account: a first import, a change of the product catalogue, or a large share of the
    rows changed. Call before :func:`write_checked`."""
    return touched_through(store, bundle, [files])[0]


def touched_through(store: Store, bundle: Bundle, groups: Sequence[Collection[str] | None]
                    ) -> list[frozenset[str] | None]:
    """:func:`touched_companies` through each group of files (None: every file), the
    bundle's changed rows read once for all."""
    state, kept = bundle.resync, bundle.validated
    if state is None or kept is None or not state.stored_any:
        return [None] * len(groups)
    stored_total = sum(len(hashes) for hashes in state.hashes.values())
    written = sum(kept.count(spec.name) for spec in bundle.present())
    if written > _TOUCHED_SHARE * stored_total:
        return [None] * len(groups)
    # Companies of people and departments: the bundle's, else the stored ones.
    owner: dict[str, dict[str, str | None]] = {"people": {}, "departments": {}}
    rows: dict[str, list[dict[str, Any]]] = {}
    for spec in bundle.present():
        name = spec.name
        kept_rows = [row for batch in kept.batches(name, DEFAULT_BATCH) for row in batch]
        stored = state.hashes.get(name) or {}
        rows[name] = [row for row in kept_rows if stored.get(stored_key(name, row))
                      != row.get(HASH_PROPERTY)]
        if name in owner:
            owner[name].update((row["id"], row.get("company_id")) for row in rows[name])
    return [_touched(store, bundle, state, rows, owner, files) for files in groups]


def _touched(store: Store, bundle: Bundle, state: Resync, rows: dict[str, list[dict[str, Any]]],
             owner: dict[str, dict[str, str | None]], files: Collection[str] | None
             ) -> frozenset[str] | None:
    """The accounts the changed ``rows`` and the pruned records of ``files`` touch."""
    touched: set[str] = set()
    counted = [spec.name for spec in bundle.present() if files is None or spec.name in files]
    for name, missing in ((name, state.missing(name)) for name in counted):
        if name == "products" and (missing or rows.get(name)):
            return None  # the catalogue: every account's cross-sell openings
        companies = state.companies.get(name) or {}
        for key in missing:
            if name == "colleagues":
                touched.update(colleague_account_ids(store, key))
            elif companies.get(key):
                touched.add(companies[key])  # type: ignore[arg-type]
    wanted: dict[str, set[str]] = {"people": set(), "departments": set()}
    for name, found in ((name, rows[name]) for name in counted):
        companies = state.companies.get(name) or {}
        for row in found:
            old = companies.get(stored_key(name, row))
            if old:
                touched.add(old)
            if name == "companies":
                touched.add(row["id"])
            elif row.get("company_id"):
                touched.add(row["company_id"])
            elif name == "colleagues":
                touched.update(colleague_account_ids(store, row["id"]))
            for column, kind in _OWNED_BY.get(name, ()):
                if row.get(column) is not None:
                    wanted[kind].add(row[column])
    for kind, ids in wanted.items():
        stored = state.companies.get(kind) or {}
        unknown = set()
        for ident in ids:
            company = owner[kind].get(ident) or stored.get(ident)
            if company:
                touched.add(company)
            else:
                unknown.add(ident)
        if unknown:
            touched.update(c for c in StoreLookup(store).lookup(kind, unknown).values() if c)
    if touched and not any(c in (state.hashes.get("companies") or {}) for c in touched):
        # The history records only when it read a stored company before: one more.
        stored_companies = state.hashes.get("companies") or {}
        touched.update(list(stored_companies)[:1])
    return frozenset(touched)


# Rows without a company column belong to the company of the record they name.
_OWNED_BY: dict[str, tuple[tuple[str, str], ...]] = {
    "influence": (("source_id", "people"), ("target_id", "people")),
    "relationships": (("person_id", "people"),),
    "roles": (("person_id", "people"),),
    "interactions": (("person_id", "people"),),
    "deployments": (("department_id", "departments"),),
}


def progress_total(report: ValidationReport) -> int:
    """Rows a progress bar will see: every row once."""
    return sum(report.counts.values())


def export_bundle(store: Store, out_dir: str | Path) -> dict[str, int]:
    """Write every stored record as a bundle that an import reads back."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return write_bundle(out, {spec.name: export_records(store, spec.name) for spec in BUNDLE})
