"""Check a whole bundle (values, keys, references, consistency, loops) before any write."""

from __future__ import annotations

import sys
from array import array
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from pydantic import ValidationError

from graphprofile.errors import InvalidInput, Problem
from graphprofile.importer import resync as _resync
from graphprofile.importer.bundle import Bundle
from graphprofile.importer.csvio import text
from graphprofile.importer.hashing import HASH_PROPERTY, KEY_SEPARATOR, row_hash, row_key
from graphprofile.importer.parallel import Job, Parsed, RowWorkers
from graphprofile.importer.resync import PruningLookup, Resync, Unchanged
from graphprofile.importer.rules import (
    NOUN,
    ONE_PER,
    OWNED,
    PARENT_COMPANY,
    PARENTS,
    REFERENCES,
    SAME_COMPANY,
    SIDE_LINES,
    SameCompany,
    error_problems,
)
from graphprofile.importer.spill import ValidatedRows
from graphprofile.models import Record, RecordSpec
from graphprofile.runtime import default_workers

__all__ = ["Lookup", "Problem", "ValidationReport", "error_problems", "validate"]

_UNKNOWN = object()


CUT = "bundle"  # the file of the last problem when more were found than listed

# Where validate sends the rows that parsed: a callable, or the set-aside rows.
Keep = Callable[[str, Record], None] | ValidatedRows


@dataclass
class ValidationReport:
    """Every problem found (capped) and the number of data rows per bundle file name."""

    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when nothing stands in the way of an import."""
        return not self.problems

    def raise_for_problems(self) -> None:
        """Raise ``InvalidInput`` listing every problem, unless there are none."""
        if not self.problems:
            return
        files = sorted({p.file for p in self.problems if p.file != CUT})
        count = len(self.problems)
        if self.problems[-1].file == CUT:
            size = f"more than {count - 1} problems"
        else:
            size = "1 problem" if count == 1 else f"{count} problems"
        raise InvalidInput(f"invalid bundle: {size} in {', '.join(files)}", self.problems)


class Lookup(Protocol):
    """What is already stored, as the store answers for reference checks."""

    def lookup(self, kind: str, ids: Collection[str]) -> dict[str, str | None]:
        """Map each stored id of ``kind`` to its company id (None where not owned)."""
        ...


# --- collecting problems -------------------------------------------------------------


class _Sink:
    """Problems up to a cap, and how many more were found."""

    def __init__(self, cap: int):
        self.cap = max(cap, 0)
        self.kept: list[Problem] = []
        self.cut = 0

    def add(self, problem: Problem) -> None:
        if len(self.kept) < self.cap:
            self.kept.append(problem)
        else:
            self.cut += 1

    def extend(self, problems: Collection[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def result(self, order: dict[str, int]) -> list[Problem]:
        # Grouped by file in bundle order, file-level problems first, then by row;
        # the sort is stable, so a row's problems keep the order they were found in.
        problems = sorted(self.kept, key=lambda p: (
            order.get(p.file, len(order)), p.row is not None, p.row or 0))
        if self.cut:
            problems.append(Problem(CUT, None, None, (
                f"{self.cut} more problems not shown (only the first {self.cap} are listed)")))
        return problems


class _Pending:
    """Rows whose references resolve in neither the bundle so far nor its own file yet.

    Compact columns (an array of rows, interned ids) rather than an object per row:
    a bundle may refer to a million stored rows.
    """

    def __init__(self) -> None:
        self.rows: array[int] = array("q")
        self.ids: list[str] = []
        self.anchors: list[str] = []

    def add(self, row: int, ident: str, anchor: str = "") -> None:
        self.rows.append(row)
        self.ids.append(ident)
        self.anchors.append(anchor)

    def __iter__(self) -> Iterator[tuple[int, str, str]]:
        return zip(self.rows, self.ids, self.anchors, strict=True)


@dataclass
class _Index:
    """What validation keeps of the rows read: ids, owning companies, parents, keys."""

    ids: dict[str, dict[str, int]] = field(default_factory=dict)  # kind -> id -> first row
    owner: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> id -> company
    parent: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> id -> parent
    keys: dict[tuple[str, ...], int] = field(default_factory=dict)  # composite key -> row
    unresolved: dict[str, set[str]] = field(default_factory=dict)  # kind -> ids to look up
    # (file, column, kind) -> rows naming an id of kind not in the bundle
    refs: dict[tuple[str, str, str], _Pending] = field(default_factory=dict)
    # (file, column, check) -> rows whose company consistency waits for the store
    same: dict[tuple[str, str, SameCompany], _Pending] = field(default_factory=dict)
    found: dict[str, dict[str, str | None]] = field(default_factory=dict)  # from the store
    # file -> rows naming same-file rows in a SIDE_LINES list (row, target, the row's id)
    side: dict[str, _Pending] = field(default_factory=dict)

    def has(self, kind: str, ident: str) -> bool:
        return ident in self.ids.get(kind, ())

    def company_of(self, kind: str, ident: str) -> Any:
        """The company owning row ``ident`` of ``kind``, or _UNKNOWN."""
        if kind == "companies":
            return ident
        if ident in self.owner.get(kind, ()):
            return self.owner[kind][ident]
        if ident in self.ids.get(kind, ()):
            return _UNKNOWN  # in the bundle, but its company column did not validate
        return self.found.get(kind, {}).get(ident, _UNKNOWN)

    def defer(self, file: str, column: str, kind: str, row: int, ident: str) -> None:
        ident = sys.intern(ident)
        self.unresolved.setdefault(kind, set()).add(ident)
        self.refs.setdefault((file, column, kind), _Pending()).add(row, ident)


# --- the checks ----------------------------------------------------------------------


def validate(
    bundle: Bundle, existing: Lookup | None = None, max_problems: int = 1000,
    keep: Keep | None = None, *, workers: int | None = None, resync: Resync | None = None,
) -> ValidationReport:
    """Check every file of a bundle and collect every problem; never raise on bad data.

    Parameters
    ----------
    bundle
        The opened bundle; its files are streamed once each.
    existing
        What is already stored: references may point there. Asked once per kind,
        with every id the bundle does not hold itself. None: the bundle stands alone.
    max_problems
        Keep at most this many problems; one more problem then says how many were cut.
    keep
        Where every row that parsed and passed its own checks goes, so a caller can set
        the records aside (references are resolved at the end: only a report without
        problems makes the kept records writable). A callable is called with
        ``(file name, record)``; :class:`~graphprofile.importer.spill.ValidatedRows`
        keeps their store rows, which worker processes then pickle for it.
    workers
        Processes that parse the rows of large CSV files (see
        :mod:`graphprofile.importer.parallel`) while this one checks them; default
        :func:`~graphprofile.runtime.default_workers`. The report and the kept rows are
        the same whatever the number.
    resync
        The stored row hashes of a re-sync (:mod:`graphprofile.importer.resync`): rows
        whose hash is unchanged are indexed from their raw cells, neither parsed nor
        kept, and counted in it, and files it skips whole are not read; with its
        ``prune``, references to records it will delete are refused.

    Returns
    -------
    ValidationReport
        Problems grouped by file in bundle order, and data rows per file name.
    """

    sink = _Sink(max_problems)
    index = _Index()
    counts: dict[str, int] = {}
    workers = default_workers() if workers is None else max(1, workers)
    # Forked workers read the stored hashes from there.
    _resync.STORED_HASHES = dict(resync.hashes) if resync is not None and resync.skip else {}
    if resync is not None and resync.prune and existing is not None:
        existing = PruningLookup(existing, resync)
    with RowWorkers(1 if bundle.is_json else workers) as pool:
        pool.plan(_planned(bundle, pool, keep, resync))
        for spec in bundle.present():
            if resync is not None and resync.skips_whole(spec.name):
                # As if absent: the store, which holds exactly its rows, answers for them.
                counts[spec.name] = resync.whole[spec.name]
                continue
            counts[spec.name] = _check_file(bundle, spec, index, sink, keep, pool, resync)
            if spec.name in PARENTS and not _untouched(resync, spec.name, counts):
                _check_parents(bundle.source(spec.name), spec.name, index, sink)
            if spec.name in SIDE_LINES:
                _check_side_lines(bundle.source(spec.name), spec.name, index, sink)
    _resync.STORED_HASHES = {}
    _resolve(index, existing, sink)
    order = {bundle.source(spec.name): i for i, spec in enumerate(bundle.present())}
    return ValidationReport(sink.result(order), counts)


def _untouched(resync: Resync | None, name: str, counts: dict[str, int]) -> bool:
    """Whether every row of file ``name`` was unchanged: its same-file parents were
    checked when it was stored."""
    return resync is not None and resync.unchanged.get(name, 0) == counts[name] > 0


def _check_file(bundle: Bundle, spec: RecordSpec, index: _Index, sink: _Sink,
                keep: Keep | None = None, pool: RowWorkers | None = None,
                resync: Resync | None = None) -> int:
    """Check each row of one file; return how many data rows it has.

    The rows of a large CSV file are parsed by ``pool``'s workers (:func:`_check_parsed`
    does the rest), those of any other file here.
    """
    source = bundle.source(spec.name)
    count = 0
    add = keep.add if isinstance(keep, ValidatedRows) else keep
    try:
        missing = _check_header(source, spec, bundle.columns(spec.name), sink)
        if pool is not None and (job := pool.planned(spec.name)) is not None:
            for before, parsed in pool.parse(job):
                count += _check_parsed(source, spec, before, parsed, index, sink, keep,
                                       resync)
            return count
        stored = resync.hashes.get(spec.name) if resync and resync.skips(spec.name) else None
        same = Unchanged.of(spec.name)
        for row, cells, defect in bundle.scan(spec.name):
            count += 1
            if defect:
                sink.add(Problem(source, row, None, defect))
                if not cells:
                    continue
            # The row's hash: kept with its row (as the workers do), compared in a re-sync.
            digest = (row_hash(spec.name, cells)
                      if resync is not None or isinstance(keep, ValidatedRows) else None)
            if stored is not None and not defect:
                key = row_key(spec.name, cells)
                if stored.get(key) == digest:
                    same.add(spec.name, row, key, cells)
                    continue
            try:
                record = bundle.parse(spec.name, cells)
            except ValidationError as exc:
                sink.extend(error_problems(source, row, spec, exc, skip=missing))
                _index_raw(spec, cells, row, index)
                continue
            _check_record(source, spec, record.__dict__, row, index, sink)
            if resync is not None:
                resync.saw_checked(spec.name, record.__dict__)
            if isinstance(keep, ValidatedRows) and digest is not None:
                from graphprofile.store.records import to_row  # the store's own row shape

                keep.add_rows(spec.name, [{**to_row(record), HASH_PROPERTY: digest}])
            elif add is not None:
                add(spec.name, record)
        if resync is not None:
            _index_same(source, spec, 0, same, index, sink, resync)
    except InvalidInput as exc:  # the rest of the file cannot be read
        sink.extend(exc.problems)
    except OSError as exc:
        sink.add(Problem(source, None, None, f"cannot be read: {exc.strerror or exc}"))
    return count


def _planned(bundle: Bundle, pool: RowWorkers, keep: Keep | None,
             resync: Resync | None = None) -> Iterator[Job]:
    """The CSV files large enough for ``pool``'s workers, in bundle order."""

    keep_as = "rows" if isinstance(keep, ValidatedRows) else "records" if keep else None
    for spec in bundle.present():
        path = bundle.csv_file(spec.name)
        if resync is not None and resync.skips_whole(spec.name):
            continue
        try:
            if path is None or not pool.takes(path):
                continue
            header = bundle.columns(spec.name) or []
        except (InvalidInput, OSError):
            continue  # read in this process, which reports why in its turn
        yield Job(spec.name, bundle.source(spec.name), path, tuple(header),
                  frozenset(_missing(spec, header)), keep_as,
                  resync is not None and resync.skips(spec.name))


def _check_parsed(source: str, spec: RecordSpec, before: int, parsed: Parsed,
                  index: _Index, sink: _Sink, keep: Keep | None,
                  resync: Resync | None = None) -> int:
    """The rest of ``_check_file``'s work on a range of rows a worker read: the same
    problems, in the same order. ``before``: the rows before the range, by which its
    rows' numbers are shifted. Return how many data rows the range has."""
    for row, defect, problems, values in parsed.answers:
        row += before
        if defect:
            sink.add(Problem(source, row, None, defect))
        if values is None:  # nothing but the defect
            continue
        if problems is not None:  # did not parse; values are the raw id and company
            sink.extend([replace(problem, row=row) for problem in problems])
            _index_raw(spec, values, row, index)
        else:
            _check_record(source, spec, values, row, index, sink)
            if resync is not None:
                resync.saw_checked(spec.name, values)
    if isinstance(keep, ValidatedRows):
        assert isinstance(parsed.kept, bytes | None)
        keep.add_pickled(spec.name, parsed.kept or b"", parsed.kept_count)
    elif keep is not None:
        assert isinstance(parsed.kept, list)
        for record in parsed.kept:
            keep(spec.name, record)
    if parsed.same is not None and resync is not None:
        _index_same(source, spec, before, parsed.same, index, sink, resync)
        return len(parsed.answers) + len(parsed.same)
    return len(parsed.answers)


def _index_same(source: str, spec: RecordSpec, before: int, same: Unchanged,
                index: _Index, sink: _Sink, resync: Resync) -> None:
    """Index rows skipped as unchanged (numbered from ``before``) as :func:`_check_key`
    and :func:`_check_record` index a parsed row: their key, company, parent and "one
    per" value, so the rows checked meet them as they would in a full validation.
    Done in bulk; a key met twice is reported as :func:`_check_key` does."""
    if not same:
        return
    name = spec.name
    resync.saw_unchanged(name, same)
    rows = [row + before for row in same.rows] if before else same.rows
    if spec.key == ("id",):
        seen = index.ids.setdefault(name, {})
        keys = same.keys
    else:
        seen = index.keys
        keys = [(name, *key.split(KEY_SEPARATOR)) for key in same.keys]
    if seen.keys().isdisjoint(keys) and len(set(keys)) == len(keys):
        seen.update(zip(keys, rows, strict=True))
    else:
        for key, row in zip(keys, rows, strict=True):
            if key in seen:
                first, later = sorted((seen[key], row))
                column = "id" if spec.key == ("id",) else None
                what = "" if column else f" (same {', '.join(spec.key)})"
                sink.add(Problem(source, later, column, f"duplicate of row {first}{what}"))
            else:
                seen[key] = row
    if same.owners is not None:
        index.owner.setdefault(name, {}).update(
            (key, company) for key, company in zip(same.keys, same.owners, strict=True)
            if company is not None)
    if same.parents is not None:
        index.parent.setdefault(name, {}).update(
            (key, parent) for key, parent in zip(same.keys, same.parents, strict=True)
            if parent is not None)
    if same.ones is not None:
        single = ONE_PER[name]
        for row, per in zip(rows, same.ones, strict=True):
            if per is None:
                continue
            key = ("one per", name, per)
            if key in index.keys:
                first, later = sorted((index.keys[key], row))
                sink.add(Problem(source, later, single.column, (
                    f"{single.reason}: row {first} names one already")))
            else:
                index.keys[key] = row


def _check_header(
    source: str, spec: RecordSpec, header: list[str] | None, sink: _Sink
) -> frozenset[str]:
    """Report missing required and repeated columns; return the missing ones."""
    missing = _missing(spec, header)
    for column in missing:
        sink.add(Problem(source, None, column, "missing required column"))
    seen: set[str] = set()
    for column in header or ():
        if column and column in seen:
            sink.add(Problem(source, None, column, "column appears more than once"))
        seen.add(column)
    return frozenset(missing)


def _missing(spec: RecordSpec, header: list[str] | None) -> list[str]:
    """Required columns missing from a header (none without one: JSON, an empty file)."""
    return [column for column in spec.required if column not in header] if header else []


def _index_raw(spec: RecordSpec, cells: dict[str, str | None], row: int, index: _Index) -> None:
    """Keep the id (and company) of a row that failed, so rows naming it do not fail too."""
    ident = (cells.get("id") or "").strip()
    if spec.key != ("id",) or not ident or ident in index.ids.get(spec.name, ()):
        return
    ident = sys.intern(ident)
    index.ids.setdefault(spec.name, {})[ident] = row
    company = (cells.get("company_id") or "").strip()
    if spec.name in OWNED and company:
        index.owner.setdefault(spec.name, {})[ident] = sys.intern(company)


def _check_record(
    source: str, spec: RecordSpec, values: Mapping[str, Any], row: int, index: _Index,
    sink: _Sink,
) -> None:
    """Key, references and company consistency of one valid record.

    ``values`` are the record's field values by column (its ``__dict__``, or what a
    worker process sent of them: the :func:`checked_columns`).
    """
    name = spec.name
    if not _check_key(source, spec, values, row, index, sink):
        return
    single = ONE_PER.get(name)
    if single is not None and values[single.column] == single.value:
        # Keys of index.keys start with a file name: this one cannot meet them.
        key = ("one per", name, sys.intern(text(values[single.per])))
        if key in index.keys:
            sink.add(Problem(source, row, single.column, (
                f"{single.reason}: row {index.keys[key]} names one already")))
        else:
            index.keys[key] = row
    if (side := SIDE_LINES.get(name)) is not None:
        for target in values[side.column] or ():
            index.side.setdefault(name, _Pending()).add(row, sys.intern(target),
                                                        sys.intern(values["id"]))
    for column, kind in REFERENCES.get(name, ()):
        for target in _targets(values[column]):
            if not index.has(kind, target):
                index.defer(source, column, kind, row, target)
    for check in SAME_COMPANY.get(name, ()):
        target, anchor = values[check.column], values[check.anchor]
        if target is not None and anchor is not None:
            _same_company(source, row, check, target, anchor, index, sink)


def _targets(value: Any) -> list[str]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _check_key(
    source: str, spec: RecordSpec, values: Mapping[str, Any], row: int, index: _Index,
    sink: _Sink,
) -> bool:
    """Index the row (key, company, parent); report it and return False if a duplicate."""
    if spec.key == ("id",):
        ident = sys.intern(values["id"])
        seen = index.ids.setdefault(spec.name, {})
        if ident in seen:
            sink.add(Problem(source, row, "id", f"duplicate of row {seen[ident]}"))
            return False
        seen[ident] = row
        if spec.name in OWNED and (company := values["company_id"]) is not None:
            index.owner.setdefault(spec.name, {})[ident] = sys.intern(company)
        if spec.name in PARENTS:
            parent = values[PARENTS[spec.name][0]]
            if parent is not None:
                index.parent.setdefault(spec.name, {})[ident] = sys.intern(parent)
        return True
    key = (spec.name, *(sys.intern(text(values[c])) for c in spec.key))
    if key in index.keys:
        sink.add(Problem(source, row, None, (
            f"duplicate of row {index.keys[key]} (same {', '.join(spec.key)})")))
        return False
    index.keys[key] = row
    return True


def _same_company(
    source: str, row: int, check: SameCompany, target: str, anchor: str,
    index: _Index, sink: _Sink,
) -> None:
    """Compare now if both companies are known, else wait for the store's answer."""
    anchor_known = check.anchor_kind == "companies" or index.has(check.anchor_kind, anchor)
    if not (index.has(check.kind, target) and anchor_known):
        pending = index.same.setdefault((source, check.column, check), _Pending())
        pending.add(row, sys.intern(target), sys.intern(anchor))
        return
    _compare(source, row, check, target, anchor, index.company_of(check.kind, target),
             index.company_of(check.anchor_kind, anchor), sink)


def _compare(
    source: str, row: int, check: SameCompany, target: str, anchor: str,
    theirs: Any, ours: Any, sink: _Sink,
) -> None:
    if theirs is _UNKNOWN or ours is _UNKNOWN or theirs == ours:
        return
    whose = check.anchor_text.format(anchor=anchor)
    sink.add(Problem(source, row, check.column, (
        f"{check.noun} {target!r} belongs to company {theirs!r}, "
        f"not {ours!r} ({whose})")))


def _check_parents(source: str, kind: str, index: _Index, sink: _Sink) -> None:
    """Parents of one file, once all its rows are read: resolve, compare, find loops."""
    column, loop_name = PARENTS[kind]
    parents = index.parent.get(kind, {})
    rows = index.ids.get(kind, {})
    check = PARENT_COMPANY.get(kind)
    for child, parent in parents.items():
        if parent not in rows:
            index.defer(source, column, kind, rows[child], parent)
        if check:
            _same_company(source, rows[child], check, parent, child, index, sink)
    for loop in _loops(parents):
        involved = sorted(rows[node] for node in loop)
        path = " → ".join([*loop, loop[0]])
        sink.add(Problem(source, involved[0], column, (
            f"{loop_name}: {path} (rows {', '.join(map(str, involved))})")))


def _check_side_lines(source: str, kind: str, index: _Index, sink: _Sink) -> None:
    """A file's SIDE_LINES lists, once all its rows are read: resolve and compare."""
    check = SIDE_LINES[kind]
    for row, target, ident in index.side.pop(kind, ()):
        if not index.has(kind, target):
            index.defer(source, check.column, kind, row, target)
        _same_company(source, row, check, target, ident, index, sink)


def _loops(parents: dict[str, str]) -> list[list[str]]:
    """Each cycle of a parent map once, starting at its smallest id."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    loops = []
    for start in parents:
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in state:
            state[node] = 1
            path.append(node)
            node = parents.get(node)
        if node is not None and state[node] == 1:  # came back onto this path: a loop
            loop = path[path.index(node):]
            first = loop.index(min(loop))
            loops.append(loop[first:] + loop[:first])
        for visited in path:
            state[visited] = 2
    return loops


def _resolve(index: _Index, existing: Lookup | None, sink: _Sink) -> None:
    """Ask the store once per kind for every id the bundle lacks, then report the rest."""
    for kind, ids in index.unresolved.items():
        index.found[kind] = dict(existing.lookup(kind, sorted(ids))) if existing else {}
    where = "in the bundle or the store" if existing else "in the bundle"
    for (source, column, kind), pending in index.refs.items():
        for row, ident, _ in pending:
            if ident not in index.found[kind]:
                sink.add(Problem(source, row, column, (
                    f"unknown {NOUN[kind]} {ident!r}: not {where}")))
    for (source, _column, check), pending in index.same.items():
        for row, target, anchor in pending:
            _compare(source, row, check, target, anchor,
                     index.company_of(check.kind, target),
                     index.company_of(check.anchor_kind, anchor), sink)

