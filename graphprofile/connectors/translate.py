"""Stream the CSV files of an export through a mapping into a native bundle folder, one
source row at a time, noting where each bundle row came from."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from graphprofile.connectors.mapping import (
    PLACEHOLDER,
    STAR,
    FieldSpec,
    FileMapping,
    Mapping,
    fold,
    star_of,
)
from graphprofile.connectors.provenance import Provenance
from graphprofile.connectors.seniority import seniority_from_title
from graphprofile.connectors.transforms import TRANSFORMS
from graphprofile.errors import InvalidInput, Problem
from graphprofile.importer.bundle import csv_records
from graphprofile.importer.csvio import cell
from graphprofile.models import SPECS

__all__ = ["Translation", "translate"]

Cells = dict[str, str]
Value = Callable[[Cells], Any]
# The cell an expanding field reads: one of the values its column(s) gave the row.
PART = "\x00part"


@dataclass
class Translation:
    """What a translation wrote to ``folder`` and what it found on the way."""

    folder: Path
    provenance: Provenance
    problems: list[Problem] = field(default_factory=list)
    read: dict[str, int] = field(default_factory=dict)  # data rows per source file
    # rows the ``only`` filters left out, per "source file (target)"
    skipped: dict[str, int] = field(default_factory=dict)


def _reader(spec: FieldSpec) -> Value:
    """The raw value of a field: its column(s), join, template or constant."""
    columns = spec.columns
    if spec.value is not None:
        constant = spec.value
        return lambda _cells: constant
    if spec.join is not None:
        sep = spec.sep
        return lambda cells: sep.join(
            v for c in columns if (v := cells.get(c, "").strip())) or None
    if spec.template is not None:
        template = spec.template
        parts = [(c, TRANSFORMS[t] if t else None) for c, t in PLACEHOLDER.findall(template)]

        def fill(cells: Cells) -> str | None:
            filled = [change(text) if change and text else text
                      for column, change in parts
                      for text in [cells.get(column, "").strip()]]
            if not all(filled):
                return None
            pieces = iter(filled)
            return PLACEHOLDER.sub(lambda _m: next(pieces), template)
        return fill
    if len(columns) == 1:
        (column,) = columns
        return lambda cells: cells.get(column, "").strip() or None
    return lambda cells: next((v for c in columns if (v := cells.get(c, "").strip())), None)


def _value(spec: FieldSpec, mapping: Mapping) -> Value:
    """A function from a row's cells to the field's value (None: blank)."""
    read = _reader(spec)
    when = [(column, re.compile(p, re.IGNORECASE)) for column, p in spec.when.items()]
    match = re.compile(spec.match, re.IGNORECASE) if spec.match else None
    transform = TRANSFORMS[spec.transform] if spec.transform else None
    table = mapping.table(spec)
    default = spec.default
    if not (when or match or transform or table) and default is None:
        return read  # most fields: a column as it is

    def value(cells: Cells) -> Any:
        if any(not p.search(cells.get(c, "")) for c, p in when):
            found = None
        else:
            found = read(cells)
        if isinstance(found, str):
            if match and not match.search(found):
                found = None
            elif transform:
                found = transform(found)
            if found is not None and table is not None:
                found = table.get(fold(found), found)
        return default if found is None else found

    return value


@dataclass
class _Plan:
    """One mapping entry made ready for its rows."""

    index: int
    entry: FileMapping
    path: Path
    header: list[str]
    values: dict[str, Value]
    extras: list[str]
    only: list[tuple[str, re.Pattern[str]]]
    expand: _Expansion | None = None


@dataclass
class _Expansion:
    """How the expanding field of an entry makes a row several: the header columns a
    ``*`` column matched (with the text the ``*`` stood for), or the field's own value;
    each cut at ``sep``."""

    sep: str | None
    starred: list[tuple[str, str]]
    raw: Value | None = None  # the field's value, when it has no * column
    columns: tuple[str, ...] = ()  # and the columns that value reads

    def values(self, cells: Cells) -> Iterator[tuple[str, str, str | None]]:
        """(value, what the * matched, source column) of each bundle row of a row."""
        if self.raw is None:
            found = [(cells.get(column, ""), star, column) for column, star in self.starred]
        else:
            text = self.raw(cells)
            origin = next((c for c in self.columns if cells.get(c, "").strip()), None)
            found = [(str(text), "", origin)] if text is not None else []
        for text, star, column in found:
            parts = text.split(self.sep) if self.sep else [text]
            for part in dict.fromkeys(p.strip() for p in parts if p.strip()):
                yield part, star, column


def _expanded(plan: _Plan, cells: Cells) -> Iterator[tuple[Cells, str | None]]:
    """The row's cells once per bundle row it gives, with the source column of each: as
    it is, or once per value of the expanding field (none when it has no value)."""
    if plan.expand is None:
        yield cells, None
        return
    for part, star, column in plan.expand.values(cells):
        yield {**cells, PART: part, STAR: star}, column


def _find(folder: Path, name: str) -> Path | None:
    """The export's file ``name``, its case forgiven (``contact.csv``)."""
    exact = folder / name
    if exact.is_file():
        return exact
    return next((p for p in folder.iterdir() if p.name.lower() == name.lower() and p.is_file()),
                None)


def _header(path: Path, source: str) -> list[str]:
    with path.open("rb") as handle:
        first = next(csv_records(source, handle), (1, []))[1]
    return [column.strip() for column in first]


def _rows(plan: _Plan, problems: list[Problem]) -> Iterator[tuple[int, Cells]]:
    """(row number, cells) of each data row of a source file; read errors end it."""
    source = plan.entry.source
    try:
        with plan.path.open("rb") as handle:
            records = csv_records(source, handle)
            next(records, None)
            width = len(plan.header)
            for row, values in records:
                if len(values) > width and any(v.strip() for v in values[width:]):
                    problems.append(Problem(source, row, None, (
                        f"{len(values)} cells but {width} columns in the header")))
                    continue
                yield row, dict(zip(plan.header, values, strict=False))
    except InvalidInput as exc:
        problems.extend(exc.problems)


def _plans(mapping: Mapping, folder: Path, problems: list[Problem]) -> list[_Plan]:
    plans = []
    for index, entry in enumerate(mapping.file):
        path = _find(folder, entry.source)
        if path is None:
            continue  # any file may be absent
        try:
            header = _header(path, entry.source)
        except InvalidInput as exc:
            problems.extend(exc.problems)
            continue
        model = SPECS[entry.target].model
        for name, spec in entry.specs().items():
            required = name in entry.fields and model.model_fields[name].is_required()
            # A column with a * may match none, and one the entry's ``only`` asks to hold
            # a value may be absent: the rows then give nothing.
            absent = [c for c in spec.columns if c not in header and STAR not in c]
            if absent and all(c in entry.only for c in absent):
                continue
            if required and spec.default is None and absent and len(absent) == len(spec.columns):
                problems.append(Problem(entry.source, None, " + ".join(absent), (
                    f"missing column (the mapping reads it for {entry.target}.{name})")))
        extras = [c for c in header if c and entry.keeps(c)]
        only = [(c, re.compile(p, re.IGNORECASE)) for c, p in entry.only.items()]
        specs = entry.specs()
        expand = None
        if (expanding := entry.expanding) is not None:
            spec = specs[expanding]
            if isinstance(spec.column, str) and STAR in spec.column:
                pattern = spec.column
                expand = _Expansion(spec.split, [
                    (c, star) for c in header if (star := star_of(pattern, c)) is not None])
            else:
                expand = _Expansion(spec.split, [], _reader(spec), tuple(spec.columns))
            # The field then reads one value at a time, through its own steps.
            specs[expanding] = spec.model_copy(update={
                "column": PART, "join": None, "template": None, "value": None,
                "split": None})
        values = {name: _value(spec, mapping) for name, spec in specs.items()}
        plans.append(_Plan(index, entry, path, header, values, extras, only, expand))
    return plans


def _columns(target: str, plans: list[_Plan]) -> list[str]:
    """The header of bundle file ``target``: fields in model order, then the others."""
    model = SPECS[target].model
    given: set[str] = set()
    others: set[str] = set()
    for plan in plans:
        given.update(plan.entry.fields)
        others.update(plan.entry.attributes)
        others.update(plan.extras)
        if plan.entry.add_to:
            (given if plan.entry.add_to in model.model_fields else others).add(plan.entry.add_to)
    if "title" in given and "seniority" in model.model_fields:
        given.add("seniority")  # inferred where the title says it (see _infer)
    return [f for f in model.model_fields if f in given] + sorted(others - given)


def translate(mapping: Mapping, folder: str | Path, out: str | Path) -> Translation:
    """Write the bundle files of the export in ``folder`` to the folder ``out``.

    Each source file is streamed once per mapping entry that reads it; what is kept
    between rows is the values ``add_to`` entries add (by id), the ids of ``unique``
    entries, and each bundle row's source (two integers). Problems found here (files
    that cannot be read, a required column missing, an added value for no row) are in
    the result; the bundle's own checks are the importer's.
    """
    folder, out = Path(folder), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    provenance = Provenance(mapping.file)
    result = Translation(out, provenance)
    plans = _plans(mapping, folder, result.problems)
    # Values other files add to rows: target -> id -> [(field, value, entry, row)].
    added: dict[str, dict[str, list[tuple[str, str, int, int]]]] = {}
    for plan in plans:
        if plan.entry.add_to is not None:
            _read_added(plan, added.setdefault(plan.entry.target, {}), result)
    for target in SPECS:
        writers = [p for p in plans if p.entry.target == target and p.entry.add_to is None]
        if not writers:
            continue
        columns = _columns(target, [p for p in plans if p.entry.target == target])
        with (out / SPECS[target].filename).open("w", encoding="utf-8", newline="") as handle:
            _write(handle, columns, writers, added.get(target, {}), result)
    for target, rows in added.items():
        for ident, values in rows.items():
            for _field, _value, index, row in values:
                entry = mapping.file[index]
                result.problems.append(Problem(entry.source, row, provenance.column(index, "id"), (
                    f"no {provenance.sources(target)} with id {ident!r} in the export")))
    # A file read by several entries reports a row it cannot read once.
    result.problems[:] = list(dict.fromkeys(result.problems))
    return result


def _read_added(plan: _Plan, into: dict[str, list[tuple[str, str, int, int]]],
                result: Translation) -> None:
    name = plan.entry.add_to
    assert name is not None
    count = 0
    for row, cells in _rows(plan, result.problems):
        count += 1
        if not all(p.search(cells.get(c, "")) for c, p in plan.only):
            _skip(plan, result)
            continue
        for each, _column in _expanded(plan, cells):
            ident, value = plan.values["id"](each), plan.values[name](each)
            if ident is not None and value is not None:
                into.setdefault(str(ident), []).append((name, str(value), plan.index, row))
    result.read[plan.entry.source] = count


def _write(handle: TextIO, columns: list[str], plans: list[_Plan],
           added: dict[str, list[tuple[str, str, int, int]]], result: Translation) -> None:
    writer = csv.writer(handle, lineterminator="\r\n")  # quotes a lone \r as well as \n
    writer.writerow(columns)
    target = plans[0].entry.target
    key = SPECS[target].key
    infer = "seniority" in columns and "title" in columns
    seen: set[tuple[str, ...]] = set()  # keys of the unique entries' rows, across them
    for plan in plans:
        source = plan.entry.source
        if infer and "seniority" not in plan.entry.fields and "title" in plan.entry.fields:
            result.provenance.inferred(plan.index, "seniority",
                                       result.provenance.column(plan.index, "title") or "")
        count = 0
        for row, cells in _rows(plan, result.problems):
            count += 1
            if plan.only and not all(p.search(cells.get(c, "")) for c, p in plan.only):
                _skip(plan, result)
                continue
            for each, origin in _expanded(plan, cells):
                record = {name: value(each) for name, value in plan.values.items()}
                for column in plan.extras:
                    record[column] = cells.get(column)
                if plan.entry.unique:
                    ident = tuple(str(record.get(c)) for c in key)
                    if ident in seen:
                        continue
                    seen.add(ident)
                if infer and record.get("seniority") is None and record.get("title"):
                    level = seniority_from_title(str(record["title"]))
                    record["seniority"] = level.value if level else None
                bundle_row = result.provenance.add(target, plan.index, row, origin)
                if added and record.get("id") is not None:
                    _add(record, added.pop(str(record["id"]), []), target, bundle_row, result)
                writer.writerow([cell(record.get(column)) for column in columns])
        result.read[source] = count


def _add(record: dict[str, Any], values: list[tuple[str, str, int, int]], target: str,
         bundle_row: int, result: Translation) -> None:
    """Append the values other files add to this row (a ;-separated list), once each."""
    for name, value, index, row in values:
        have = [v for v in str(record.get(name) or "").split(";") if v]
        if value in have or value == record.get("company_id"):
            continue
        record[name] = ";".join([*have, value])
        result.provenance.added(target, bundle_row, name, index, row, value)


def _skip(plan: _Plan, result: Translation) -> None:
    """Count a row the ``only`` filter leaves out, per source file and target."""
    key = f"{plan.entry.source} ({plan.entry.target})"
    result.skipped[key] = result.skipped.get(key, 0) + 1
