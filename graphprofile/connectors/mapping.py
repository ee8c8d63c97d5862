"""The model of a mapping file: how the CSV files of an export become bundle rows.

A mapping file is TOML, read with :mod:`tomllib` and checked with pydantic; a wrong one
is refused with the line and key of each mistake (see the README, "Connectors").
"""

from __future__ import annotations

import re
import tomllib
from functools import cached_property, lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from graphprofile.connectors.transforms import TRANSFORMS
from graphprofile.errors import InvalidInput, Problem
from graphprofile.models import SPECS

__all__ = [
    "FieldSpec", "FileMapping", "Mapping", "STAR", "column_matches", "load_mapping",
    "parse_mapping", "shipped_text",
]

Constant = str | int | float | bool
# A placeholder of a template: {Column} or {Column|transform}.
PLACEHOLDER = re.compile(r"\{([^{}|]+)(?:\|([^{}]+))?\}")
# A column name with a ``*`` stands for every header column it matches; in the templates
# of the same entry, ``{*}`` is the text the ``*`` matched.
STAR = "*"


def column_matches(pattern: str, column: str) -> bool:
    """Whether header ``column`` is ``pattern``, where a ``*`` stands for any text.

    >>> column_matches("Associated Contact IDs (*)", "Associated Contact IDs (Champion)")
    True
    """
    if STAR not in pattern:
        return pattern == column
    return _wildcard(pattern).fullmatch(column) is not None


def star_of(pattern: str, column: str) -> str | None:
    """The text the ``*`` of ``pattern`` matched in ``column`` (None: no match)."""
    found = _wildcard(pattern).fullmatch(column)
    return found[1] if found else None


@lru_cache(maxsize=256)
def _wildcard(pattern: str) -> re.Pattern[str]:
    head, _star, tail = pattern.partition(STAR)
    return re.compile(f"{re.escape(head)}(.*?){re.escape(tail)}")


def _pattern(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"not a regular expression: {exc}") from None
    return value


def _transform(name: str | None) -> str | None:
    if name is not None and name not in TRANSFORMS:
        raise ValueError(f"unknown transform {name!r}; known: {', '.join(sorted(TRANSFORMS))}")
    return name


class FieldSpec(BaseModel):
    """Where one field's value comes from: exactly one of ``column`` (a column, or a list
    of them: the first not blank), ``join`` (the columns not blank, joined by ``sep``),
    ``template`` (``"{AccountId}-{Department|department_key}"``; blank when a placeholder
    is) or ``value`` (a constant). A ``column`` may hold one ``*`` (every header column it
    matches), and ``split`` cuts the value at a separator: either makes the source row
    one bundle row per non-blank value (none when all are blank). Then, in this order:
    ``when`` (column -> regular expression; the field is blank unless every one
    matches), ``match`` (blank unless the value matches), ``transform``, ``values``
    (value -> enum value, a table of [values] by name or inline; values not listed pass
    unchanged) and ``default`` (when blank)."""

    model_config = ConfigDict(extra="forbid")

    column: str | list[str] | None = None
    join: list[str] | None = None
    sep: str = " "
    template: str | None = None
    value: Constant | None = None
    split: Annotated[str, Field(min_length=1)] | None = None
    when: dict[str, Annotated[str, _pattern]] = Field(default_factory=dict)
    match: str | None = None
    transform: str | None = None
    values: str | dict[str, str] | None = None
    default: Constant | None = None

    _check_match = field_validator("match")(lambda v: v if v is None else _pattern(v))
    _check_transform = field_validator("transform")(_transform)

    @field_validator("when")
    @classmethod
    def _patterns(cls, when: dict[str, str]) -> dict[str, str]:
        for pattern in when.values():
            _pattern(pattern)
        return when

    @field_validator("template")
    @classmethod
    def _placeholders(cls, template: str | None) -> str | None:
        if template is not None:
            found = PLACEHOLDER.findall(template)
            if not found:
                raise ValueError("a template names at least one {Column}")
            for _column, transform in found:
                _transform(transform or None)
        return template

    @model_validator(mode="after")
    def _one_source(self) -> FieldSpec:
        given = [k for k in ("column", "join", "template", "value")
                 if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of column, join, template or value"
                             + (f" (got {', '.join(given)})" if given else ""))
        starred = [c for c in self.columns if STAR in c and c != STAR]
        if starred and not isinstance(self.column, str):
            raise ValueError("a column with a * stands alone (column = \"Name (*)\")")
        if any(c.count(STAR) > 1 for c in starred):
            raise ValueError(f"one * per column (got {starred[0]!r})")
        return self

    @property
    def expands(self) -> bool:
        """Whether this field makes a source row several bundle rows (``split`` or a
        column with a ``*``)."""
        return self.split is not None or (
            isinstance(self.column, str) and STAR in self.column)

    @property
    def columns(self) -> list[str]:
        """The source columns this field reads (``when`` aside)."""
        if isinstance(self.column, str):
            return [self.column]
        if self.column is not None:
            return list(self.column)
        if self.join is not None:
            return list(self.join)
        if self.template is not None:
            return [column for column, _t in PLACEHOLDER.findall(self.template)]
        return []


def _spec(value: Any) -> Any:
    return {"column": value} if isinstance(value, str) else value


class FileMapping(BaseModel):
    """One source file's rows as rows of one bundle file.

    With ``add_to`` the file gives no rows of its own: each row adds its value of that
    field (a list field, or an attribute) to the ``target`` row of the same ``id``.
    """

    model_config = ConfigDict(extra="forbid")

    source: str
    target: str
    fields: dict[str, FieldSpec] = Field(default_factory=dict)
    attributes: dict[str, FieldSpec] = Field(default_factory=dict)
    only: dict[str, str] = Field(default_factory=dict)
    ignore: list[str] = Field(default_factory=list)
    keep_other_columns: bool = True
    unique: bool = False
    add_to: str | None = None

    @field_validator("fields", "attributes", mode="before")
    @classmethod
    def _plain_columns(cls, value: Any) -> Any:
        # ``name = "Name"`` is short for ``name = { column = "Name" }``.
        return {k: _spec(v) for k, v in value.items()} if isinstance(value, dict) else value

    @field_validator("source")
    @classmethod
    def _file_name(cls, source: str) -> str:
        if not source.lower().endswith(".csv") or "/" in source or "\\" in source:
            raise ValueError("a CSV file name without a folder, like Contact.csv "
                             f"(got {source!r})")
        return source

    @field_validator("target")
    @classmethod
    def _bundle_file(cls, target: str) -> str:
        if target not in SPECS:
            raise ValueError(f"unknown bundle file {target!r}; one of {', '.join(SPECS)}")
        return target

    @field_validator("only")
    @classmethod
    def _only(cls, only: dict[str, str]) -> dict[str, str]:
        for pattern in only.values():
            _pattern(pattern)
        return only

    @model_validator(mode="after")
    def _fits_target(self) -> FileMapping:
        spec = SPECS[self.target]
        unknown = [name for name in self.fields if name not in spec.model.model_fields]
        if unknown:
            raise ValueError(f"fields.{unknown[0]}: not a field of {self.target}; "
                             f"its fields: {', '.join(spec.columns)}")
        clash = [name for name in self.attributes if name in spec.model.model_fields]
        if clash:
            raise ValueError(f"attributes.{clash[0]}: a field of {self.target}: "
                             "map it under fields")
        if self.add_to is not None:
            if spec.key != ("id",):
                raise ValueError(f"add_to: rows of {self.target} have no id to add to")
            needed = {"id", self.add_to} - set(self.fields) - set(self.attributes)
            if needed:
                raise ValueError(f"add_to: give {' and '.join(sorted(needed))} (which row, "
                                 "what to add)")
            return self
        missing = [name for name in spec.required if name not in self.fields]
        if missing:
            raise ValueError(f"fields: {self.target} needs {', '.join(missing)}")
        return self

    @model_validator(mode="after")
    def _one_expansion(self) -> FileMapping:
        part = {**dict.fromkeys(self.fields, "fields"),
                **dict.fromkeys(self.attributes, "attributes")}
        expanding = [name for name, spec in self.specs().items() if spec.expands]
        if len(expanding) > 1:
            raise ValueError(f"{part[expanding[1]]}.{expanding[1]}: one field per entry "
                             f"may split or read a * column (here also {expanding[0]})")
        column = self.specs()[expanding[0]].column if expanding else None
        starred = isinstance(column, str) and STAR in column
        for name, spec in self.specs().items():
            if STAR in spec.columns and not starred:
                raise ValueError(f"{part[name]}.{name}: {{*}} needs a field of this entry "
                                 "that reads a column with a *")
        return self

    @property
    def expanding(self) -> str | None:
        """The field that makes a source row several bundle rows, if any."""
        return next((name for name, spec in self.specs().items() if spec.expands), None)

    @property
    def name(self) -> str:
        """The source object's name as the export calls it (``Contact``)."""
        return self.source.rsplit(".", 1)[0]

    def specs(self) -> dict[str, FieldSpec]:
        """Fields, then attributes: every value a row of this file gives."""
        return {**self.fields, **self.attributes}

    def used(self) -> set[str]:
        """The source columns this file's mapping reads (patterns with a ``*`` among
        them)."""
        columns = set(self.only)
        for spec in self.specs().values():
            columns.update(spec.columns)
            columns.update(spec.when)
        return columns - {STAR}

    def keeps(self, column: str) -> bool:
        """Whether a header column not read by the mapping is kept as an attribute:
        neither read, nor ignored (a name or a pattern with a ``*``), nor a field."""
        if not self.keep_other_columns or self.add_to is not None:
            return False
        model = SPECS[self.target].model
        if column in model.model_fields or column in self.attributes:
            return False
        return not any(column_matches(p, column) for p in (*self.used(), *self.ignore))


class Mapping(BaseModel):
    """A whole mapping file: named value tables and the source files in order."""

    model_config = ConfigDict(extra="forbid")

    name: str = "mapping"
    values: dict[str, dict[str, str]] = Field(default_factory=dict)
    file: list[FileMapping] = Field(default_factory=list, min_length=1)

    @model_validator(mode="after")
    def _tables_exist(self) -> Mapping:
        for index, entry in enumerate(self.file):
            for name, spec in entry.specs().items():
                if isinstance(spec.values, str) and spec.values not in self.values:
                    part = "fields" if name in entry.fields else "attributes"
                    raise ValueError(f"file.{index}.{part}.{name}.values: "
                                     f"no table [values.{spec.values}]")
        return self

    @cached_property
    def tables(self) -> dict[str, dict[str, str]]:
        """Each value table with its keys folded (case and spaces do not matter)."""
        return {name: {fold(k): v for k, v in table.items()}
                for name, table in self.values.items()}

    def table(self, spec: FieldSpec) -> dict[str, str] | None:
        if spec.values is None:
            return None
        if isinstance(spec.values, str):
            return self.tables[spec.values]
        return {fold(k): v for k, v in spec.values.items()}


def fold(value: str) -> str:
    """How value tables compare values: case and runs of spaces do not matter."""
    return " ".join(value.casefold().split())


# --- reading a mapping file ---------------------------------------------------------

_KEYED = re.compile(r"^([A-Za-z_][\w.]*): (.*)$", re.DOTALL)
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=""")


def _key_lines(text: str) -> dict[tuple[Any, ...], int]:
    """The line of each table header and key, by its path (array entries by index)."""
    lines: dict[tuple[Any, ...], int] = {}
    counts: dict[tuple[str, ...], int] = {}
    table: tuple[Any, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        if header := _HEADER.match(line):
            parts = tuple(p.strip().strip('"\'') for p in header[2].split("."))
            if header[1] == "[[":
                counts[parts] = counts.get(parts, -1) + 1
            # A path under an array of tables continues its last entry.
            table = ()
            for i, part in enumerate(parts):
                table += (part,)
                if parts[: i + 1] in counts:
                    table += (counts[parts[: i + 1]],)
            lines.setdefault(table, number)
        elif key := _KEY.match(line):
            lines.setdefault((*table, key[1].strip('"\'')), number)
    return lines


def _line_of(loc: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> int | None:
    for end in range(len(loc), 0, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def _where(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts[-1] += f"[{part + 1}]" if parts else f"[{part + 1}]"
        elif part not in ("str", "FieldSpec") and not str(part).startswith("function-"):
            parts.append(str(part))
    return ".".join(parts)


def parse_mapping(text: str, name: str = "mapping.toml") -> Mapping:
    """Read a mapping file's text.

    Raises
    ------
    InvalidInput
        Naming the line and key of each mistake (``mapping.toml row 12, column
        file[2].fields.compnay_id: ...``: for a mapping file the row is its line).
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        problem = Problem(name, int(found[1]) if found else None, None, f"not TOML: {exc}")
        raise InvalidInput(f"bad mapping: {problem}", [problem]) from None
    if "extends" in data:
        data = _extended(data, text, name)
    try:
        return Mapping.model_validate(data)
    except ValidationError as exc:
        lines = _key_lines(text)
        problems = []
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            reason = str(error["msg"]).removeprefix("Value error, ")
            if key := _KEYED.match(reason):  # a check that names the key it is about
                loc += tuple(int(p) if p.isdigit() else p for p in key[1].split("."))
                reason = key[2]
            problems.append(Problem(name, _line_of(loc, lines), _where(loc) or None, reason))
        raise InvalidInput(f"bad mapping: {problems[0]}", problems) from None


def shipped_text(name: str) -> str:
    """The text of the shipped mapping ``name`` (``salesforce.toml`` of this package)."""
    return (files("graphprofile.connectors") / f"{name}.toml").read_text(encoding="utf-8")


def _extended(data: dict[str, Any], text: str, name: str) -> dict[str, Any]:
    """A shipped mapping with the value tables of ``data`` added or changed: how custom
    picklist values are mapped without copying the connector's files."""
    lines = _key_lines(text)
    base = data.pop("extends")
    try:
        known = isinstance(base, str) and re.fullmatch(r"[a-z]+", base)
        merged = tomllib.loads(shipped_text(base)) if known else None
    except (FileNotFoundError, tomllib.TOMLDecodeError):
        merged = None
    problem = None
    if merged is None:
        problem = Problem(name, lines.get(("extends",)), "extends",
                          f"no shipped mapping {base!r}")
    elif "file" in data:
        problem = Problem(name, lines.get(("file", 0)), "file", (
            "a mapping that extends another gives only name and [values] tables"))
    if problem is not None:
        raise InvalidInput(f"bad mapping: {problem}", [problem])
    assert merged is not None
    for table, entries in data.pop("values", {}).items():
        if isinstance(entries, dict) and isinstance(merged.setdefault("values", {}).get(
                table, {}), dict):
            merged["values"].setdefault(table, {}).update(entries)
        else:
            merged["values"][table] = entries  # refused with the key's line below
    merged.update(data)
    return merged


def load_mapping(path: str | Path) -> Mapping:
    """Read a mapping file (see :func:`parse_mapping`)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = f"cannot be read: {exc}"
        raise InvalidInput(f"bad mapping: {path.name}: {reason}",
                           [Problem(path.name, None, None, reason)]) from None
    return parse_mapping(text, path.name)
