"""Write records as bundle CSV files with deterministic bytes."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from enum import Enum
from pathlib import Path
from typing import Any, TextIO, TypeVar

from graphprofile.models import BUNDLE, SPECS, Record

__all__ = ["cell", "chunked", "neutralise", "text", "write_bundle"]

# Characters that force a cell into quotes. The csv module would leave a lone "\r"
# unquoted with a "\n" line terminator, which breaks reading the file back.
_SPECIAL = frozenset(',"\r\n')


# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_FORMULA_FIRST = frozenset("'=+-@\t\r")


T = TypeVar("T")


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of at most ``size``, in order, holding one list at a time.

    >>> list(chunked("abcde", 2))
    [['a', 'b'], ['c', 'd'], ['e']]
    """
    if size < 1:
        raise ValueError("batch size must be at least 1")
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def neutralise(text: str) -> str:
    """Prefix ``'`` to text a spreadsheet would run as a formula (``=cmd|...``).

    Reversible: :func:`graphprofile.importer.bundle.unneutralise` removes exactly one
    quote from cells that match, so text that itself starts with quotes survives.

    >>> neutralise("=cmd|' /C calc'!A0"), neutralise("'=x"), neutralise("Ann")
    ("'=cmd|' /C calc'!A0", "''=x", 'Ann')
    """
    return "'" + text if _FORMULA.match(text) else text


def _plain(value: Any) -> str:
    return value.value if isinstance(value, Enum) else str(value)


def text(value: Any) -> str:
    """Render one value as text, as it reads (no neutralising: see :func:`cell`).

    Parameters
    ----------
    value
        None, a string, an enum, a bool, an int, a float, a date or a list of those.

    Returns
    -------
    str
        ``""`` for None, the value of an enum, ``true``/``false`` for bools, ints as
        digits, floats in their shortest round-tripping form (``repr``), dates in ISO
        8601, lists joined with ``;``; anything else as ``str(value)``.
    """
    if value is None:
        return ""
    if isinstance(value, Enum):
        return text(value.value)
    if isinstance(value, str):
        return value
    if isinstance(value, bool):  # before int: bool is an int
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.date):  # datetime is a date too
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ";".join(_plain(item) for item in value)
    return str(value)


def cell(value: Any) -> str:
    """Render one value as the text of a CSV cell: :func:`text`, with text that a
    spreadsheet would run as a formula neutralised (:func:`neutralise`).

    >>> cell("=1+1"), cell(["a", "b"]), cell(-2.5), cell(None)
    ("'=1+1", 'a;b', '-2.5', '')
    """
    if value is None:
        return ""
    if value.__class__ is str:  # most cells: no dispatch, and the pattern only when it can match
        return "'" + value if value[:1] in _FORMULA_FIRST and _FORMULA.match(value) else value
    rendered = text(value)
    return neutralise(rendered) if isinstance(value, str | list | tuple) else rendered


def _quote(text: str) -> str:
    if _SPECIAL.isdisjoint(text):
        return text
    return '"' + text.replace('"', '""') + '"'


def _line(cells: Iterable[str]) -> str:
    return ",".join(_quote(text) for text in cells) + "\n"


def _spool(model: type[Record], records: Iterable[Record], spool: TextIO) -> tuple[int, set[str]]:
    """Write each record as one JSON line holding its model fields as CSV text and its
    extra cells; return the count and the extra columns seen."""
    fields = tuple(model.model_fields)
    extras: set[str] = set()
    count = 0
    for record in records:
        if not isinstance(record, model):
            record = model.model_validate(record)
        extra = {key: cell(value) for key, value in (record.model_extra or {}).items()}
        extras.update(extra)
        row = ",".join(_quote(cell(getattr(record, f))) for f in fields)
        spool.write(json.dumps([row, extra]) + "\n")
        count += 1
    return count, extras


def _write_file(path: Path, model: type[Record], records: Iterable[Record]) -> int:
    """Write one bundle file; return its row count (no file, and none left, when 0)."""
    # The header needs the union of extra columns, known only after the last record:
    # rows go to a spool file first so that a million records are never all in memory.
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as spool:
        count, extras = _spool(model, records, spool)
        if count == 0:
            path.unlink(missing_ok=True)  # a stale file would be imported with the rest
            return 0
        extra_columns = sorted(extras)
        spool.seek(0)
        partial = path.with_name(f".{path.name}.partial")
        with partial.open("w", encoding="utf-8", newline="") as out:
            out.write(_line([*model.model_fields, *extra_columns]))
            for line in spool:
                row, extra = json.loads(line)
                if extra_columns:
                    row += "," + ",".join(_quote(extra.get(c, "")) for c in extra_columns)
                out.write(row + "\n")
        os.replace(partial, path)  # readers never see a half-written file
    return count


def write_bundle(out_dir: str | Path, records: Mapping[str, Iterable[Record]]) -> dict[str, int]:
    """Write one CSV file per bundle file that has records.

    Parameters
    ----------
    out_dir
        The folder to write to; created if missing. A file of the bundle whose
        records are empty is not written, and an old copy of it is removed.
    records
        Bundle file name (``"people"``) to its records, in the order to write them.
        Iterables are consumed once, streaming.

    Returns
    -------
    dict[str, int]
        Rows written per bundle file name, in bundle order (0 where no file was written).

    Notes
    -----
    The header is the model's fields in declaration order, then the extra columns
    (sorted union over the records). Bytes are deterministic: UTF-8 without BOM,
    ``\\n`` line endings, cells rendered by :func:`cell`, quotes only where needed.
    """
    unknown = sorted(set(records) - set(SPECS))
    if unknown:
        raise ValueError(f"not bundle files: {', '.join(unknown)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return {
        spec.name: _write_file(out / spec.filename, spec.model, records[spec.name])
        for spec in BUNDLE
        if spec.name in records
    }
