"""The first load offline: a valid bundle's store rows as CSV files for Neo4j's own importer
(``neo4j-admin database import full``, from the managed server's jars), which builds a new
database folder that then takes the place of the managed server's empty one.

The files hold the graph the ordinary import writes (``cypher/upsert_*``, ``create_*`` and
``link_*``): the same labels, properties and Neo4j types, the same relationship types in
the same direction, with the whole row as the properties of the relationships that
``SET r = row``. A node is written once, under its id, and every line to it names that
id, so a company that is an employer, a previous employer and an account is one node.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import os
import re
import shutil
import subprocess
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path
from typing import IO, Annotated, Any, Union, get_args, get_origin

from graphprofile.config import Settings
from graphprofile.errors import InvalidInput, Problem, StoreUnavailable
from graphprofile.models import SPECS
from graphprofile.store import Store
from graphprofile.store.jars import find_java, server_jars

__all__ = ["DATABASE", "BulkFiles", "await_indexes", "contents", "has_database",
           "import_files", "put_back", "swap_database"]

Row = dict[str, Any]

# The managed server serves one database, Neo4j's default.
DATABASE = "neo4j"
IMPORTER_CLASS = "org.neo4j.cli.AdminTool"
# Between the items of a list value. Ids refuse control characters and the other lists
# hold enum values, so no item can contain it.
ARRAY_DELIMITER = "\x1f"
LOG_TAIL_LINES = 25

# Bundle files stored as nodes: file -> label (each label its own id space).
NODES: dict[str, str] = {
    "companies": "Company", "departments": "Department", "people": "Person",
    "colleagues": "Colleague", "products": "Product", "opportunities": "Opportunity",
    "interactions": "Interaction",
}


@dataclass(frozen=True)
class Line:
    """A relationship each row of a file draws: ``type`` from the node named in the
    row's ``start`` column (of label ``start_label``) to the one named in ``end``
    (one line per distinct item when that column holds a list); with ``props`` the
    row is the relationship's properties."""

    type: str
    start_label: str
    start: str
    end_label: str
    end: str
    props: bool = False


def _own(label: str, lines: Iterable[tuple[str, str, str]]) -> tuple[Line, ...]:
    return tuple(Line(kind, label, "id", end_label, column) for kind, end_label, column in lines)


# What each bundle file draws, as cypher/upsert_<file>.cypher (and link_*) do. roles is
# drawn apart (its far end is the opportunity, else the person's company).
LINES: dict[str, tuple[Line, ...]] = {
    "companies": _own("Company", [("SUBSIDIARY_OF", "Company", "parent_id")]),
    "departments": _own("Department", [("PART_OF", "Company", "company_id"),
                                       ("SUB_UNIT_OF", "Department", "parent_id")]),
    "people": _own("Person", [("WORKS_AT", "Company", "company_id"),
                              ("MEMBER_OF", "Department", "department_id"),
                              ("PREVIOUSLY_AT", "Company", "previous_company_ids"),
                              ("REPORTS_TO", "Person", "reports_to"),
                              ("DOTTED_LINE_TO", "Person", "dotted_line_to")]),
    "influence": (Line("INFLUENCES", "Person", "source_id", "Person", "target_id", True),),
    "colleagues": _own("Colleague", [("REPORTS_TO", "Colleague", "manager_id")]),
    "relationships": (Line("KNOWS", "Colleague", "colleague_id", "Person", "person_id", True),),
    "account_team": (Line("ON_ACCOUNT_TEAM", "Colleague", "colleague_id", "Company",
                          "company_id", True),),
    "deployments": (Line("USES", "Department", "department_id", "Product", "product_id",
                         True),),
    "opportunities": _own("Opportunity", [("FOR_ACCOUNT", "Company", "company_id"),
                                          ("IN_DEPARTMENT", "Department", "department_id"),
                                          ("FOR_PRODUCT", "Product", "product_id"),
                                          ("OWNED_BY", "Colleague", "owner_id")]),
    "interactions": _own("Interaction", [("BY", "Colleague", "colleague_id"),
                                         ("WITH", "Person", "person_id"),
                                         ("ABOUT", "Opportunity", "opportunity_id")]),
}
ROLE_TYPE = "HAS_ROLE"

# Characters a property name cannot hold in the importer's header (``name:type``, the
# CSV's own delimiter and quote).
_BAD_NAME = re.compile(r"[:,\"\r\n]")


# -- what the store holds -------------------------------------------------------------


def contents(store: Store) -> dict[str, int]:
    """Nodes per label (``""`` for nodes without one); empty for an empty store."""
    return {row["label"]: row["nodes"] for row in store.read("store_contents")}


# -- property types -------------------------------------------------------------------


def _kind(annotation: Any) -> str:
    """The importer's type of a field: ``string``, ``long``, ``double``, ``boolean``,
    ``date``, or one of them with ``[]`` for a list."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _kind(get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        args = [a for a in get_args(annotation) if a is not type(None)]
        return _kind(args[0])
    if origin is list:
        return _kind(get_args(annotation)[0]) + "[]"
    if isinstance(annotation, type):
        if issubclass(annotation, Enum) or issubclass(annotation, str):
            return "string"
        if issubclass(annotation, bool):
            return "boolean"
        if issubclass(annotation, int):
            return "long"
        if issubclass(annotation, float):
            return "double"
        if issubclass(annotation, dt.date):
            return "date"
    raise TypeError(f"no importer type for {annotation!r}")


@cache
def _field_kinds(name: str) -> dict[str, str]:
    """The importer type of every field of bundle file ``name``'s model."""
    return {field: _kind(info.annotation)
            for field, info in SPECS[name].model.model_fields.items()}


def _value_kind(value: Any) -> str:
    """The type of a column that is no field of the model (an extra column: text), by
    its value as the driver would send it."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, list):
        return (_value_kind(value[0]) if value else "string") + "[]"
    return "string"


def _double(value: Any) -> Any:
    if value is None or math.isfinite(value):
        return value  # csv writes repr(), which Java reads back to the same double
    return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")


def _array(value: Any) -> Any:
    if value is None:
        return None
    return ARRAY_DELIMITER.join(v.isoformat() if isinstance(v, dt.date) else str(v)
                                for v in value)


def _boolean(value: Any) -> Any:
    return None if value is None else ("true" if value else "false")


def _cell(kind: str) -> Callable[[Any], Any] | None:
    """How a value of ``kind`` becomes a cell (None: as the csv module writes it)."""
    if kind.endswith("[]"):
        return _array
    return {"double": _double, "boolean": _boolean}.get(kind)


# -- the files --------------------------------------------------------------------------


class _Table:
    """One node label's or relationship type's CSV data, in parts: a part is a header
    file and a data file, and a new part starts when a row brings a column the header
    lacks (an extra column first given past the first row)."""

    def __init__(self, files: BulkFiles, group: str, lead: list[str], name: str | None,
                 *, node: bool = False):
        self.files = files
        self.group = group  # "Company", or the relationship type
        self.lead = lead  # header cells of a relationship's end columns
        self.node = node  # the row's id is the node's (in the label's id space)
        self.name = name  # bundle file whose fields the properties are (None: none)
        self.columns: list[str] = list(_field_kinds(name)) if name else []
        self.kinds: dict[str, str] = dict(_field_kinds(name)) if name else {}
        self.known = set(self.columns)
        self.parts: list[list[Any]] = []  # [header file, data file, rows]
        self._handle: IO[str] | None = None
        self._writer: Any = None
        self._cells: list[Callable[[Any], Any] | None] = []

    def _open(self) -> None:
        self.close()
        stem = f"{self.files.counter:03d}-{self.group}"
        self.files.counter += 1
        header, data = self.files.folder / f"{stem}-header.csv", self.files.folder / f"{stem}.csv"
        with header.open("w", encoding="utf-8", newline="") as out:
            csv.writer(out, lineterminator="\n").writerow(
                self.lead + [self._header(c) for c in self.columns])
        self._handle = data.open("w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._handle, lineterminator="\n")
        self._cells = [_cell(self.kinds[c]) for c in self.columns]
        self.parts.append([header, data, 0])

    def _header(self, column: str) -> str:
        if not column or _BAD_NAME.search(column):
            raise InvalidInput(
                f"column {column!r} cannot be a property name in Neo4j's importer (no "
                "colon, comma, quote or line break): import this bundle without --initial",
                [Problem(f"{self.name}.csv", None, column, "not a name the importer reads")])
        if column == "id" and self.node:
            return f"id:ID({self.group})"
        kind = self.kinds[column]
        return column if kind == "string" else f"{column}:{kind}"

    def _widen(self, row: Row) -> None:
        """Take in the columns of ``row`` the header lacks: the next row starts a part."""
        for column in row:
            if column not in self.known:
                self.columns.append(column)
                self.kinds[column] = _value_kind(row[column])
                self.known.add(column)
        self._writer = None

    def write_ends(self, ends: list[list[Any]]) -> None:
        """Write lines without properties, each given as ``[start, end]``."""
        if not ends:
            return
        if self._writer is None:
            self._open()
        self._writer.writerows(ends)
        self.parts[-1][2] += len(ends)

    def write_rows(self, rows: list[Row], ends: list[list[Any]] | None = None) -> None:
        """Write ``rows`` as nodes, or, with ``ends`` (one ``[start, end]`` per row), as
        lines whose properties they are."""
        done = 0
        while done < len(rows):
            if not self.known.issuperset(rows[done]):
                self._widen(rows[done])
            # Rows up to the next bringing a column the header lacks share one part.
            stop = next((i for i in range(done + 1, len(rows))
                         if not self.known.issuperset(rows[i])), len(rows))
            if self._writer is None:
                self._open()
            columns = self.columns
            values = [list(map(row.get, columns)) for row in rows[done:stop]]
            for i, cell in enumerate(self._cells):
                if cell is not None:
                    for line in values:
                        if line[i] is not None:
                            line[i] = cell(line[i])
            if ends is not None:
                values = [end + line for end, line in zip(ends[done:stop], values, strict=True)]
            self._writer.writerows(values)
            self.parts[-1][2] += stop - done
            done = stop

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


class BulkFiles:
    """The importer's CSV files of one bundle, written into ``folder`` file by file."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.counter = 0
        self.nodes: dict[str, _Table] = {}
        self.relationships: dict[tuple[str, str, str], _Table] = {}
        # People whose account-wide buying role ends at their company: their companies.
        self._role_people: set[str] = set()
        self._company_of: dict[str, str] = {}
        self.node_count = 0
        self.relationship_count = 0

    def _node(self, name: str) -> _Table:
        table = self.nodes.get(name)
        if table is None:
            table = self.nodes[name] = _Table(self, NODES[name], [], name, node=True)
        return table

    def _line(self, kind: str, start: str, end: str, name: str | None) -> _Table:
        key = (kind, start, end)
        table = self.relationships.get(key)
        if table is None:
            table = self.relationships[key] = _Table(
                self, kind, [f":START_ID({start})", f":END_ID({end})"], name)
        return table

    def account_wide_roles(self, rows: Iterable[list[Row]]) -> None:
        """Note the people of the account-wide buying roles (rows of ``roles``); call
        before the people are added, whose companies those roles end at."""
        for batch in rows:
            self._role_people.update(r["person_id"] for r in batch
                                     if r.get("opportunity_id") is None)

    def add(self, name: str, rows: list[Row]) -> None:
        """Write one batch of store rows of bundle file ``name``."""
        if name == "roles":
            self._add_roles(rows)
            return
        if name in NODES:
            self._node(name).write_rows(rows)
            self.node_count += len(rows)
            if name == "people" and self._role_people:
                wanted = self._role_people
                self._company_of.update((r["id"], r["company_id"]) for r in rows
                                        if r["id"] in wanted)
        for line in LINES.get(name, ()):
            table = self._line(line.type, line.start_label, line.end_label,
                               name if line.props else None)
            start, end = line.start, line.end
            drawn = [row for row in rows if row.get(end) is not None]
            if line.props:
                table.write_rows(drawn, [[row[start], row[end]] for row in drawn])
                self.relationship_count += len(drawn)
                continue
            ends = []
            for row in drawn:
                far = row[end]
                if isinstance(far, list):
                    # MERGE: one line per distinct item
                    ends.extend([row[start], item] for item in dict.fromkeys(far))
                else:
                    ends.append([row[start], far])
            table.write_ends(ends)
            self.relationship_count += len(ends)

    def _add_roles(self, rows: list[Row]) -> None:
        # MERGE (p)-[:HAS_ROLE {role}]->(coalesce(opportunity, the person's company))
        to_deal = [row for row in rows if row.get("opportunity_id") is not None]
        account_wide = [row for row in rows if row.get("opportunity_id") is None]
        self._line(ROLE_TYPE, "Person", "Opportunity", "roles").write_rows(
            to_deal, [[row["person_id"], row["opportunity_id"]] for row in to_deal])
        self._line(ROLE_TYPE, "Person", "Company", "roles").write_rows(
            account_wide, [[row["person_id"], self._company_of[row["person_id"]]]
                           for row in account_wide])
        self.relationship_count += len(rows)

    def close(self) -> None:
        for table in [*self.nodes.values(), *self.relationships.values()]:
            table.close()

    def arguments(self) -> list[str]:
        """The importer's ``--nodes`` and ``--relationships`` options, relative to
        ``folder``; with ``--multiline-fields`` naming the data files whose cells span
        lines."""
        self.close()
        args, multiline = [], []
        for option, tables in (("--nodes", self.nodes.values()),
                               ("--relationships", self.relationships.values())):
            for table in tables:
                for header, data, rows in table.parts:
                    args.append(f"{option}={table.group}={header.name},{data.name}")
                    if _spans_lines(data, rows):
                        multiline.append(data.name)
        if multiline:
            args += ["--multiline-fields-format=v2", f"--multiline-fields={','.join(multiline)}"]
        return args


def _spans_lines(path: Path, rows: int) -> bool:
    """Whether a data file of ``rows`` rows has a cell spanning lines: it then holds more
    line ends than rows, or a carriage return (the csv module quotes such cells)."""
    newlines = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 22):
            if b"\r" in block:
                return True
            newlines += block.count(b"\n")
    return newlines != rows


# -- running the importer ----------------------------------------------------------------


def import_files(settings: Settings, files: BulkFiles, target: Path, *,
                 progress: Callable[[float], None] | None = None) -> str:
    """Run Neo4j's importer on ``files`` into a new data folder ``target`` (its
    ``databases/`` and ``transactions/``); return its summary. ``progress`` is called
    with the share of the work done (0 to 1). Raises StoreUnavailable with the end of
    its output when it fails."""
    target.mkdir(parents=True, exist_ok=True)
    work = files.folder
    conf = work / "conf"
    conf.mkdir(exist_ok=True)
    (conf / "neo4j.conf").write_text(
        f"server.directories.data={target.resolve()}\n"
        f"server.directories.logs={(work / 'logs').resolve()}\n", encoding="utf-8")
    jars = server_jars(settings)
    command = [
        find_java(), f"-Xmx{settings.heap}", "-XX:+UseParallelGC",
        "-cp", f"{jars / 'lib'}{os.sep}*", IMPORTER_CLASS,
        "database", "import", "full",
        *files.arguments(),
        "--array-delimiter=U+001F",
        "--legacy-style-quoting=false",
        "--bad-tolerance=0",
        f"--max-off-heap-memory={settings.pagecache}",
        f"--report-file={(work / 'import.report').resolve()}",
        DATABASE,
    ]
    env = {**os.environ, "NEO4J_HOME": str(work.resolve()), "NEO4J_CONF": str(conf.resolve())}
    env.pop("JAVA_TOOL_OPTIONS", None)
    output: list[str] = []
    try:
        proc = subprocess.Popen(command, cwd=work, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                encoding="utf-8", errors="replace")
    except OSError as exc:
        raise StoreUnavailable(f"could not run Neo4j's importer: {exc}") from exc
    assert proc.stdout is not None
    stage = 0
    for line in proc.stdout:
        output.append(line.rstrip("\n"))
        if progress is None:
            continue
        if (found := re.match(r"\((\d)/(\d)\) ", line)) is not None:
            stage = int(found[1]) - 1
            progress(stage / 4)
        elif (found := re.search(r"\s(\d{1,3})% ", line)) is not None:
            progress((stage + int(found[1]) / 100) / 4)
    proc.stdout.close()
    code = proc.wait()
    if code != 0 or not any(line.startswith("IMPORT DONE") for line in output):
        report = work / "import.report"
        bad = report.read_text(errors="replace").splitlines()[:5] if report.is_file() else []
        tail = [line for line in output if not line.startswith(("....", "-...."))]
        raise StoreUnavailable(
            f"Neo4j's importer failed (exit code {code}); the database is unchanged. "
            "Last lines of its output:\n" + "\n".join([*tail[-LOG_TAIL_LINES:], *bad]))
    done = [line for line in output if line.startswith("IMPORT DONE")]
    return done[-1].strip()


def _database_dirs(data: Path) -> tuple[Path, Path]:
    return data / "databases" / DATABASE, data / "transactions" / DATABASE


def has_database(data_dir: Path) -> bool:
    """Whether a server has created (or a load has put) a database in ``data_dir``."""
    return any(folder.exists() for folder in _database_dirs(data_dir))


def swap_database(data_dir: Path, new_data: Path, old_aside: Path) -> None:
    """Put the database built in ``new_data`` in the place of ``data_dir``'s, the old
    one moved to ``old_aside`` (same file system: renames). On a failure midway the old
    one is put back."""
    old_aside.mkdir(parents=True, exist_ok=True)
    moved: list[tuple[Path, Path]] = []
    try:
        for current, built, aside in zip(_database_dirs(data_dir), _database_dirs(new_data),
                                         _database_dirs(old_aside), strict=True):
            if current.exists():
                aside.parent.mkdir(parents=True, exist_ok=True)
                os.rename(current, aside)
                moved.append((aside, current))
            current.parent.mkdir(parents=True, exist_ok=True)
            os.rename(built, current)
            moved.append((current, built))
    except OSError:
        restore(moved)
        raise


def restore(moved: list[tuple[Path, Path]]) -> None:
    """Undo renames ``(now, was)``, last first."""
    for now, was in reversed(moved):
        if now.exists():
            if was.exists():
                shutil.rmtree(was, ignore_errors=True)
            was.parent.mkdir(parents=True, exist_ok=True)
            os.rename(now, was)


def put_back(data_dir: Path, old_aside: Path) -> None:
    """Undo :func:`swap_database`: the database set aside takes its place again and the
    one built is removed."""
    for current, aside in zip(_database_dirs(data_dir), _database_dirs(old_aside),
                              strict=True):
        if current.exists():
            shutil.rmtree(current)
        if aside.exists():
            os.rename(aside, current)


def await_indexes(store: Store, seconds: int = 600) -> None:
    """Wait until every index and constraint is online (built over the loaded data)."""
    store.read("await_indexes", seconds=seconds)
