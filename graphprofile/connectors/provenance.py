"""Where each translated bundle row came from, so that a problem validation finds in the
bundle is reported in the export's own terms: its file, row and column."""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, replace

from graphprofile.connectors.mapping import STAR, FileMapping
from graphprofile.errors import Problem
from graphprofile.importer.rules import NOUN
from graphprofile.models import SPECS

__all__ = ["Provenance"]

_UNKNOWN = re.compile(r"^unknown (\w+) (.+?): not in the bundle( or the store)?$")
_DUPLICATE = re.compile(r"^duplicate of row (\d+)")
_ROWS = re.compile(r"\(rows ([\d, ]+)\)")
_KIND = {noun: kind for kind, noun in NOUN.items()}


@dataclass
class _Rows:
    """The source of each row of one bundle file: which mapping entry, which source row,
    and for a row of an expanding field (``split``, a ``*`` column), which column."""

    entries: array[int]
    rows: array[int]
    columns: array[int]  # an index into Provenance._columns, -1: none


class Provenance:
    """Bundle row -> source file, row and column, for the entries of one mapping."""

    def __init__(self, entries: list[FileMapping]):
        self.entries = entries
        self._files: dict[str, _Rows] = {}
        # (bundle file, bundle row, field) -> [(entry, source row, value)] of added values
        self._added: dict[tuple[str, int, str], list[tuple[int, int, str]]] = {}
        self._inferred: dict[int, dict[str, str]] = {}  # entry -> field -> the column used
        self._columns: dict[str, int] = {}  # the source columns expanding fields read
        self._names: list[str] = []  # the same, by index

    def add(self, target: str, entry: int, row: int, column: str | None = None) -> int:
        """Note the next row of bundle file ``target`` (and the source ``column`` its
        expanding field's value came from); return its row number there."""
        rows = self._files.setdefault(target, _Rows(array("l"), array("q"), array("l")))
        rows.entries.append(entry)
        rows.rows.append(row)
        if column is not None and column not in self._columns:
            self._columns[column] = len(self._names)
            self._names.append(column)
        rows.columns.append(-1 if column is None else self._columns[column])
        return len(rows.rows) + 1  # the header is row 1

    def added(self, target: str, bundle_row: int, field: str, entry: int, row: int,
              value: str) -> None:
        """Note a value another file's row added to a bundle row (``add_to``)."""
        self._added.setdefault((target, bundle_row, field), []).append((entry, row, value))

    def inferred(self, entry: int, field: str, column: str) -> None:
        """Note that ``field`` of ``entry``'s rows is inferred from ``column``."""
        self._inferred.setdefault(entry, {})[field] = column

    def source_of(self, target: str, bundle_row: int) -> tuple[int, int] | None:
        """(entry, source row) of a bundle row, None if it is not one of ours."""
        rows = self._files.get(target)
        index = bundle_row - 2
        if rows is None or not 0 <= index < len(rows.rows):
            return None
        return rows.entries[index], rows.rows[index]

    def sources(self, target: str) -> str:
        """How the export names the records of bundle file ``target``: ``Contact``."""
        names = dict.fromkeys(e.name for e in self.entries
                              if e.target == target and e.add_to is None)
        return " or ".join(names) or NOUN.get(target, target)

    def column_of(self, target: str, bundle_row: int) -> str | None:
        """The source column the expanding field of a bundle row read, if it has one."""
        rows = self._files.get(target)
        index = bundle_row - 2
        if rows is None or not 0 <= index < len(rows.columns) or rows.columns[index] < 0:
            return None
        return self._names[rows.columns[index]]

    def column(self, entry: int, field: str | None, origin: str | None = None) -> str | None:
        """The source column(s) a bundle column of ``entry``'s rows came from; ``origin``
        is the column a row's expanding field read (that field's, and ``{*}``'s)."""
        if field is None:
            return None
        if field in self._inferred.get(entry, {}):
            return self._inferred[entry][field]
        spec = self.entries[entry].specs().get(field)
        if origin is not None and spec is not None and (
                field == self.entries[entry].expanding or STAR in spec.columns):
            return origin
        if spec is None:
            return field  # an unmapped column kept as it was
        columns = spec.columns
        return " + ".join(columns) if columns else f"{field} (a constant of the mapping)"

    # --- rewriting --------------------------------------------------------------------

    def rewrite(self, problem: Problem) -> Problem:
        """``problem`` (of the translated bundle) in the export's terms."""
        target = problem.file.removesuffix(".csv")
        if target not in SPECS or problem.row is None:
            if target in SPECS:
                names = sorted({e.source for e in self.entries if e.target == target})
                return replace(problem, file=" or ".join(names) or problem.file)
            return problem
        key = (target, problem.row, problem.column or "")
        origin = None
        if key in self._added:
            entry, row, _value = next(
                (a for a in self._added[key] if repr(a[2]) in problem.reason),
                self._added[key][0])
        elif (found := self.source_of(target, problem.row)) is not None:
            entry, row = found
            origin = self.column_of(target, problem.row)
        else:
            return problem
        mapping = self.entries[entry]
        return Problem(mapping.source, row, self.column(entry, problem.column, origin),
                       self._reason(target, problem.reason, entry, problem.column))

    def _reason(self, target: str, reason: str, entry: int, field: str | None) -> str:
        if found := _UNKNOWN.match(reason):
            kind = _KIND.get(found[1], found[1])
            where = "in the export or the store" if found[3] else "in the export"
            return f"no {self.sources(kind)} with id {found[2]} {where}"
        if found := _DUPLICATE.match(reason):
            return _DUPLICATE.sub(lambda m: "duplicate of " + self._where(target, int(m[1])),
                                  reason)
        if found := _ROWS.search(reason):
            rows = [self._where(target, int(r)) for r in found[1].split(",")]
            return reason[: found.start()] + f"({', '.join(rows)})" + reason[found.end():]
        spec = self.entries[entry].specs().get(field or "")
        if spec is not None and isinstance(spec.values, str) and "Input should be" in reason:
            return f"{reason}; add the value to [values.{spec.values}] of the mapping"
        return reason

    def _where(self, target: str, bundle_row: int) -> str:
        found = self.source_of(target, bundle_row)
        if found is None:
            return f"row {bundle_row}"
        return f"{self.entries[found[0]].source} row {found[1]}"
