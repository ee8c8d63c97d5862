"""Read a bundle, a folder of CSV files or one JSON document, as a stream of rows."""

from __future__ import annotations

import csv
import json
import re
import types
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Union, get_args, get_origin

from pydantic import ValidationError

from graphprofile.errors import InvalidInput, Problem
from graphprofile.importer.csvio import chunked, text
from graphprofile.importer.rules import error_problems
from graphprofile.importer.spill import ValidatedRows
from graphprofile.models import BUNDLE, CELLS, SPECS, Record, RecordSpec

if TYPE_CHECKING:
    from graphprofile.importer.resync import Resync

__all__ = [
    "Bundle", "Cells", "Scanned", "csv_cells", "csv_range", "csv_records", "holds_record",
    "parse_cells",
]

Cells = dict[str, str | None]
# (row number, cells, defect): a defect says why the row cannot be read as it stands.
Scanned = tuple[int, Cells, str | None]

_BOM = b"\xef\xbb\xbf"
NOT_UTF8 = "not valid UTF-8"


class Bundle:
    """A bundle to import: a folder of CSV files, or one JSON document of the same records.

    Row numbers follow the spreadsheet convention. In a CSV file the header is row 1
    and the first record row 2; rows count CSV records, not physical lines, so a quoted
    cell spanning three lines still takes one row, and a blank line or a row of empty
    cells takes one row but holds no record: it is skipped and not counted. In a JSON
    document the row is the 1-based index in the file's array.

    CSV files are streamed: nothing but the current record is held. A JSON document is
    parsed whole when opened (use CSV for very large bundles).
    """

    def __init__(self, path: Path, document: dict[str, Any] | None = None):
        self.path = path
        self._document = document
        # Rows set aside by a validation that passed (see importer/spill.py): the write
        # pass reads them instead of parsing the files again.
        self.validated: ValidatedRows | None = None
        # What a re-sync found of the stored rows (see importer/resync.py).
        self.resync: Resync | None = None

    # --- opening ----------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path) -> Bundle:
        """Open a folder of CSV files or a ``.json`` file.

        Parameters
        ----------
        path
            The folder, or the JSON file.

        Returns
        -------
        Bundle

        Raises
        ------
        InvalidInput
            If the path is neither a folder nor a ``.json`` file, or the JSON document
            cannot be read (not UTF-8, not JSON, not an object).
        """
        path = Path(path)
        if path.is_dir():
            return cls(path)
        if path.is_file() and path.suffix.lower() == ".json":
            return cls(path, _load_json(path))
        reason = ("no such file or folder" if not path.exists()
                  else "neither a folder of CSV files nor a .json file")
        raise InvalidInput(f"{path}: {reason}", [Problem(path.name, None, None, reason)])

    @property
    def is_json(self) -> bool:
        """Whether the bundle is one JSON document (else a folder of CSV files)."""
        return self._document is not None

    # --- what is there ----------------------------------------------------------------

    def present(self) -> list[RecordSpec]:
        """The bundle files present, in ``BUNDLE`` (write) order."""
        if self._document is not None:
            return [spec for spec in BUNDLE if spec.name in self._document]
        return [spec for spec in BUNDLE if (self.path / spec.filename).is_file()]

    def source(self, name: str) -> str:
        """How problems name file ``name``: ``people.csv``, or ``people`` in a JSON document."""
        return name if self._document is not None else SPECS[name].filename

    def columns(self, name: str) -> list[str] | None:
        """The header of a CSV file (names stripped), ``[]`` for an empty file.

        None for a JSON document, whose objects carry their own keys.

        Raises
        ------
        InvalidInput
            If the header cannot be read (not UTF-8, not CSV).
        """
        if self._document is not None:
            return None
        with (self.path / SPECS[name].filename).open("rb") as handle:
            reader = csv.reader(_lines(handle))
            header = next(_guarded(self.source(name), reader, [0]), None)
        return [column.strip() for column in header or []]

    def csv_file(self, name: str) -> Path | None:
        """The CSV file of ``name``; None in a JSON document."""
        return None if self._document is not None else self.path / SPECS[name].filename

    # --- reading ----------------------------------------------------------------------

    def scan(self, name: str) -> Iterator[Scanned]:
        """Every data row with its defect, for validation; streamed.

        A defect is a reason the row is malformed as it stands (more cells than the
        header has columns, a JSON entry that is not an object), else None. Cells
        missing at the end of a short CSV row are None.

        Raises
        ------
        InvalidInput
            Mid-stream, if the rest of the file cannot be read: it is not UTF-8 (at
            the row of the first bad record), not CSV, or not a JSON array.
        """
        if self._document is not None:
            return _scan_json(self.source(name), self._document[name])
        return _scan_csv(self.source(name), self.path / SPECS[name].filename)

    def rows(self, name: str) -> Iterator[tuple[int, Cells]]:
        """``(row number, raw cells)`` of every data row of file ``name``; streamed.

        Cells are text (or None: a JSON null, or a cell missing at the end of a short
        CSV row); JSON numbers, booleans and lists are rendered as their CSV text.
        """
        for row, cells, _defect in self.scan(name):
            yield row, cells

    def parse(self, name: str, cells: Cells) -> Record:
        """Validate one row's cells into its record.

        A blank cell means "not given": None for a field that allows it, else the
        field's default (or "Field required" when it has none).

        Raises
        ------
        pydantic.ValidationError
        """
        return parse_cells(name, cells)

    def records(self, name: str) -> Iterator[Record]:
        """Validated records of file ``name``, streamed; call after ``validate`` passed.

        Raises
        ------
        InvalidInput
            On the first row that does not validate after all.
        """
        spec = SPECS[name]
        source = self.source(name)
        for row, cells, defect in self.scan(name):
            if defect:
                raise InvalidInput(f"{source} row {row}: {defect}",
                                   [Problem(source, row, None, defect)])
            try:
                yield self.parse(name, cells)
            except ValidationError as exc:
                problems = error_problems(source, row, spec, exc)
                raise InvalidInput(str(problems[0]), problems) from None

    def batches(self, name: str, size: int = 5000) -> Iterator[list[Record]]:
        """Validated records of file ``name`` in lists of at most ``size``."""
        return chunked(self.records(name), size)


# --- CSV -----------------------------------------------------------------------------


def _lines(handle: IO[bytes], first: bool = True) -> Iterator[str]:
    """Decode a binary file line by line, so a decoding error is met at its own record.

    ``first``: the handle is at the start of the file, where a byte-order mark is dropped.
    """
    for raw in handle:  # split at b"\n": never inside a UTF-8 sequence
        if first:
            raw = raw.removeprefix(_BOM)
            first = False
        yield raw.decode("utf-8")


def _guarded(source: str, reader: Iterable[list[str]], read: list[int]) -> Iterator[list[str]]:
    """Records of ``reader``, counting them in ``read[0]``; read errors become InvalidInput."""
    iterator = iter(reader)
    while True:
        try:
            values = next(iterator)
        except StopIteration:
            return
        except UnicodeDecodeError:
            raise InvalidInput(f"{source} is {NOT_UTF8} (row {read[0] + 1})",
                               [Problem(source, read[0] + 1, None, NOT_UTF8)]) from None
        except csv.Error as exc:
            reason = f"cannot be read as CSV: {exc}"
            raise InvalidInput(f"{source} row {read[0] + 1}: {reason}",
                               [Problem(source, read[0] + 1, None, reason)]) from None
        read[0] += 1
        yield values


def _scan_csv(source: str, path: Path) -> Iterator[Scanned]:
    with path.open("rb") as handle:
        records = csv_records(source, handle)
        header = [column.strip() for column in next(records, (1, []))[1]]
        for row, values in records:
            yield row, *csv_cells(header, values)


def csv_records(source: str, handle: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
    """``(row number, cells)`` of the header (row 1), then of every data record.

    A blank line or a row of empty cells (``,,,``) takes a row number but holds no
    record: it is skipped. Raises InvalidInput like :meth:`Bundle.scan`.
    """
    read = [0]  # records read so far, the header included: the row number of the last one
    for values in _guarded(source, csv.reader(_lines(handle)), read):
        if read[0] == 1 or holds_record(values):
            yield read[0], values


def holds_record(values: list[str]) -> bool:
    """False for a blank line or a row of empty cells (``,,,``): they hold no record."""
    return any(value.strip() for value in values)


def csv_range(source: str, handle: IO[bytes], end: int, read: list[int]
              ) -> Iterator[list[str]]:
    """The CSV records from where ``handle`` stands to the first that ends at or past
    byte ``end``, blank ones included, counted in ``read[0]``.

    Read from the start of a record after the header, they are the records
    :func:`csv_records` reads there, numbered from 1 instead of from the row before
    (what is raised, too). From elsewhere (inside a quoted cell), they are not.
    """
    for values in _guarded(source, csv.reader(_lines(handle, first=False)), read):
        yield values
        if handle.tell() >= end:  # the reader takes a line at a time, as it needs them
            return


_NEUTRALISED = re.compile(r"'+[=+\-@\t\r]")


def unneutralise(text: str) -> str:
    """Undo :func:`graphprofile.importer.csvio.neutralise`: drop one leading ``'`` from a
    cell that starts with quotes and then a formula character.

    >>> unneutralise("'=cmd"), unneutralise("''=x"), unneutralise("'quoted'")
    ('=cmd', "'=x", "'quoted'")
    """
    return text[1:] if _NEUTRALISED.match(text) else text


@cache
def _plain_header(header: tuple[str, ...]) -> bool:
    return all(header) and len(set(header)) == len(header)


def csv_cells(header: list[str], values: list[str]) -> tuple[Cells, str | None]:
    """Cells by column name (a repeated column keeps its first cell) and any defect."""
    if len(values) == len(header) and _plain_header(tuple(header)):
        # The common row: every column named once, one cell each.
        cells = dict(zip(header, values, strict=True))
        if "'" in "".join(values):  # only a cell starting with a quote can be neutralised
            cells = {column: unneutralise(value) for column, value in cells.items()}
        return cells, None
    cells = {}
    defect = None
    for column, value in zip(header, values, strict=False):
        if column:
            # Only a cell starting with a quote can be a neutralised formula.
            cells.setdefault(column, unneutralise(value) if value[:1] == "'" else value)
        elif value.strip():
            defect = f"a value under a column without a name: {value[:40]!r}"
    for column in header[len(values):]:
        if column:
            cells.setdefault(column, None)
    surplus = [value for value in values[len(header):] if value.strip()]
    if surplus:  # trailing empty cells (a trailing comma) lose nothing
        defect = (f"{len(values)} cells but {len(header)} columns in the header; "
                  f"surplus: {';'.join(surplus)[:60]!r}")
    return cells, defect


# --- JSON ----------------------------------------------------------------------------


def _load_json(path: Path) -> dict[str, Any]:
    try:
        text = path.read_bytes().removeprefix(_BOM).decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(f"{path.name} is {NOT_UTF8}",
                           [Problem(path.name, None, None, NOT_UTF8)]) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        reason = f"not valid JSON: {exc}"
        raise InvalidInput(f"{path.name}: {reason}",
                           [Problem(path.name, None, None, reason)]) from None
    if not isinstance(document, dict):
        reason = 'must be an object like {"companies": [...], "people": [...]}'
        raise InvalidInput(f"{path.name}: {reason}", [Problem(path.name, None, None, reason)])
    return document


def _scan_json(source: str, entries: Any) -> Iterator[Scanned]:
    if not isinstance(entries, list):
        reason = "must be an array of objects"
        raise InvalidInput(f"{source}: {reason}", [Problem(source, None, None, reason)])
    for row, entry in enumerate(entries, start=1):
        if isinstance(entry, dict):
            yield row, {str(key): _json_cell(value) for key, value in entry.items()}, None
        else:
            yield row, {}, f"must be an object, not {type(entry).__name__}"


def _json_cell(value: Any) -> str | None:
    """JSON values as CSV text, so that both forms give the same records."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list) and all(not isinstance(v, list | dict) for v in value):
        return text(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return text(value)


# --- blank cells ---------------------------------------------------------------------


def parse_cells(name: str, cells: Cells) -> Record:
    """What :meth:`Bundle.parse` does, without a bundle (for worker processes)."""
    model = SPECS[name].model
    return model.model_validate(_given(model, cells), context=CELLS)


@cache
def _nullable(model: type[Record]) -> frozenset[str]:
    """Fields of ``model`` that accept None."""
    return frozenset(
        name for name, field in model.model_fields.items()
        if get_origin(field.annotation) in (Union, types.UnionType)
        and type(None) in get_args(field.annotation)
    )


def _given(model: type[Record], cells: Cells) -> Cells:
    """Blank cells become None, and are dropped for fields that do not take None: their
    default applies instead (a field like ``vendor: str = "ours"`` would reject None).
    """
    nullable = _nullable(model)
    fields = model.model_fields
    given: Cells = {}
    for key, value in cells.items():
        if value is None or not value.strip():
            if key in fields and key not in nullable:
                continue
            value = None
        given[key] = value
    return given
