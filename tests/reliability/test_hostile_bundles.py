"""Property tests: hostile bundles never break the pure importer (no Neo4j here).

``validate`` must always return a report: whatever the bytes, types, ids and
references of a bundle, every problem names a file of the bundle (or "bundle" for the
cut-off line), and the number of data rows it counts is the number written.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphprofile.errors import InvalidInput
from graphprofile.importer import Bundle, ValidationReport, parallel, validate
from graphprofile.importer.validate import CUT
from graphprofile.models import BUNDLE, SPECS

SETTINGS = settings(
    max_examples=60, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

INJECTIONS = [
    "=cmd|' /C calc'!A0",
    "'}) DETACH DELETE n //",
    '"}) MATCH (n) DETACH DELETE n //',
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "+SUM(A1:A9)",
    "@SUM(1)",
    "-2+3",
    'he said "hi", then left',
    "line one\nline two",
    "cr\ronly",
    "crlf\r\nend",
    "tab\there",
    "Zoë Ó'Brien-Łukasiewicz",
    "李小龙",
    "محمد بن سلمان",
    "Ἀριστοτέλης",
    "\u202eevil\u202c",
    "\ufeffbom-first",
    "emoji 🚀👩‍💻",
    "${jndi:ldap://x/a}",
    "%s%s%n",
    "\\N",
    "NULL",
    "null",
    "None",
    "; ; ;",
]
# Plausible cell values of every type, so that random rows are sometimes valid.
PLAUSIBLE = [
    "1", "0", "-1", "0.5", "1e309", "nan", "inf", "5", "6", "99999999999999999999",
    "2026-01-01", "2026-02-30", "2026-01-01T10:00:00", "01/02/2026", "true", "false", "yes",
    "decision_maker", "Decision Maker", "champion", "supporter", "opponent", "c_level",
    "it", "finance", "sales", "management", "lead", "won", "meeting", "note", "ours",
    "lighthouse", "it;finance", "it;;nope",
]


def _huge(size: int) -> str:
    return ("Ω" if size % 2 else "x") * size


hostile_text = st.one_of(
    st.sampled_from(INJECTIONS),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
    st.integers(20_001, 21_000).map(_huge),
    st.integers(1, 3).map(lambda n: "名" * (500 * n + 1)),  # a name past 500 characters
)
plain_text = st.text(
    alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FFF,
                           blacklist_categories=("Cs",)),
    min_size=1, max_size=30,
).filter(str.strip)

ID_POOLS = {
    "companies": ["co-1", "co-2", "co-3"],
    "departments": ["d-1", "d-2", "d-3"],
    "people": ["p-1", "p-2", "p-3", "p-4"],
    "colleagues": ["c-1", "c-2"],
    "products": ["pr-1", "pr-2"],
    "opportunities": ["o-1", "o-2"],
    "interactions": ["i-1", "i-2"],
}
REFERS = {  # column -> kind it names
    "company_id": "companies", "parent_id": None, "department_id": "departments",
    "reports_to": "people", "manager_id": "colleagues", "source_id": "people",
    "target_id": "people", "person_id": "people", "colleague_id": "colleagues",
    "product_id": "products", "opportunity_id": "opportunities", "owner_id": "colleagues",
    "previous_company_ids": "companies",
}


def _id_strategy(kind: str) -> st.SearchStrategy[str]:
    pool = ID_POOLS.get(kind, ["k-1", "k-2"])
    return st.one_of(
        st.sampled_from(pool),  # small pools: duplicates, loops and dangling ids happen
        st.sampled_from(["ghost", "", " ", "a\x00b", "tab\tid", "x" * 201]),
        st.sampled_from(INJECTIONS),
    )


def _cell_strategy(file: str, column: str) -> st.SearchStrategy[str]:
    if column == "id":
        return _id_strategy(file)
    if column == "parent_id":
        return _id_strategy(file)
    if column == "previous_company_ids":
        return st.lists(_id_strategy("companies"), max_size=3).map(";".join)
    if column in REFERS:
        return _id_strategy(REFERS[column])  # type: ignore[arg-type]
    return st.one_of(st.sampled_from(PLAUSIBLE), hostile_text, st.just(""))


@st.composite
def csv_file(draw: st.DrawFn, name: str) -> tuple[list[str], list[list[str]]]:
    """A header (shuffled, sometimes missing, repeated or extra columns) and its rows."""
    spec = SPECS[name]
    header = draw(st.permutations(list(spec.columns)))
    keep = draw(st.integers(min(len(header), len(spec.required)), len(header)))
    header = header[:keep] if draw(st.booleans()) else list(header)
    if draw(st.booleans()):
        header.append(draw(st.sampled_from(["extra", "note ", "", "id", "<b>x</b>"])))
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        row = [draw(_cell_strategy(name, column.strip())) for column in header]
        shape = draw(st.sampled_from(["exact", "exact", "exact", "short", "long"]))
        if shape == "short" and row:
            row = row[: draw(st.integers(0, len(row) - 1))]
        elif shape == "long":
            row = [*row, draw(hostile_text)]
        rows.append(row)
    return header, rows


def _csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)  # "\r\n" terminator: "\r" and "\n" cells get quoted
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _data_rows(rows: list[list[str]]) -> int:
    """Rows the importer counts: a row whose cells are all blank holds no record."""
    return sum(1 for row in rows if any(value.strip() for value in row))


BAD_BYTES = [b"\xff\xfe", b"\xc3(", b"\xed\xa0\x80", b"\x80", b"\xf4\x90\x80\x80", b"\x00"]


def _corrupt(data: bytes, where: int, junk: bytes) -> bytes:
    where = where % (len(data) + 1)
    return data[:where] + junk + data[where:]


@st.composite
def csv_bundle(draw: st.DrawFn) -> dict[str, Any]:
    """File name -> ("csv", header, rows) or ("raw", bytes)."""
    names = draw(st.lists(st.sampled_from([s.name for s in BUNDLE]), min_size=1,
                          max_size=len(BUNDLE), unique=True))
    files: dict[str, Any] = {}
    for name in names:
        header, rows = draw(csv_file(name))
        mode = draw(st.sampled_from(["csv", "csv", "csv", "corrupt", "binary", "empty"]))
        if mode == "csv":
            files[name] = ("csv", header, rows)
        elif mode == "corrupt":
            data = _csv_bytes(header, rows)
            files[name] = ("raw", _corrupt(data, draw(st.integers(0, 10**6)),
                                           draw(st.sampled_from(BAD_BYTES))))
        elif mode == "binary":
            files[name] = ("raw", draw(st.binary(max_size=200)))
        else:
            files[name] = ("raw", b"")
    return files


def _write(folder: Path, files: dict[str, Any]) -> None:
    for name, content in files.items():
        path = folder / SPECS[name].filename
        if content[0] == "csv":
            path.write_bytes(_csv_bytes(content[1], content[2]))
        else:
            path.write_bytes(content[1])


def _check_report(report: Any, sources: set[str]) -> None:
    assert isinstance(report, ValidationReport)
    for problem in report.problems:
        assert problem.file in sources | {CUT}, problem
        assert isinstance(problem.reason, str) and problem.reason, problem
        assert problem.row is None or problem.row >= 1, problem
        str(problem)  # every problem can be printed
    if not report.ok:
        try:
            report.raise_for_problems()
        except InvalidInput as exc:
            assert exc.problems == report.problems
        else:  # pragma: no cover - a report with problems must raise
            raise AssertionError("raise_for_problems did not raise")


@SETTINGS
@given(files=csv_bundle(), max_problems=st.sampled_from([0, 1, 3, 1000]))
def test_validate_never_raises_on_hostile_csv(files: dict[str, Any], max_problems: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _write(folder, files)
        bundle = Bundle.open(folder)
        report = validate(bundle, max_problems=max_problems)
        sources = {SPECS[name].filename for name in files}
        _check_report(report, sources)
        assert set(report.counts) == set(files)
        for name, content in files.items():
            if content[0] == "csv":
                assert report.counts[name] == _data_rows(content[2]), name
        if max_problems == 0:
            assert all(p.file == CUT for p in report.problems)


@SETTINGS
@given(files=csv_bundle(), max_problems=st.sampled_from([0, 3, 1000]),
       chunk_bytes=st.sampled_from([1, 64, 4096]), naive=st.booleans())
def test_workers_find_what_one_process_finds(
    files: dict[str, Any], max_problems: int, chunk_bytes: int, naive: bool
) -> None:
    with tempfile.TemporaryDirectory() as tmp, \
            mock.patch.object(parallel, "MIN_BYTES", 0), \
            mock.patch.object(parallel, "CHUNK_BYTES", chunk_bytes):
        folder = Path(tmp)
        _write(folder, files)
        if naive:  # cells joined without quoting: stray quotes, line breaks in cells
            for name, content in files.items():
                if content[0] == "csv":
                    lines = [",".join(cells) + "\n" for cells in [content[1], *content[2]]]
                    (folder / SPECS[name].filename).write_bytes("".join(lines).encode())
        _same_with_workers(folder, max_problems)


# Pieces of cells that put a CSV reader inside and outside quoted cells, across lines.
QUOTING = ['"', '""', 'a"b', '"x\ny"', '"x,\n\ny', "\n", "\r\n", ",", "", "c-1", "Ann",
           "sales", "wizard", "'=1", "\xe9"]


@SETTINGS
@given(lines=st.lists(st.lists(st.sampled_from(QUOTING), max_size=6), max_size=40),
       chunk_bytes=st.sampled_from([1, 16, 64]))
def test_workers_read_quoted_cells_over_lines_as_one_process(
    lines: list[list[str]], chunk_bytes: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp, \
            mock.patch.object(parallel, "MIN_BYTES", 0), \
            mock.patch.object(parallel, "CHUNK_BYTES", chunk_bytes):
        folder = Path(tmp)
        text = "id,name,function,manager_id\n" + "".join(",".join(c) + "\n" for c in lines)
        (folder / "colleagues.csv").write_bytes(text.encode())
        _same_with_workers(folder, 1000)


def _same_with_workers(folder: Path, max_problems: int) -> None:
    alone = validate(Bundle.open(folder), max_problems=max_problems, workers=1)
    parallel.RANGES.clear()
    shared = validate(Bundle.open(folder), max_problems=max_problems, workers=2)
    assert shared == alone
    # The rows counted were read by the workers (or, in a range cut inside a quoted
    # cell, again here).
    assert parallel.RANGES or not any(shared.counts.values())


# --- JSON documents ---------------------------------------------------------------------

json_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False), hostile_text, st.sampled_from(PLAUSIBLE),
)
json_value = st.recursive(
    json_scalar, lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=6,
)


@st.composite
def json_entry(draw: st.DrawFn, name: str) -> Any:
    spec = SPECS[name]
    if draw(st.integers(0, 9)) == 0:
        return draw(json_value)  # not an object at all
    entry: dict[str, Any] = {}
    for column in spec.columns:
        if draw(st.integers(0, 4)) == 0:
            continue
        if draw(st.booleans()):
            entry[column] = draw(_cell_strategy(name, column))
        else:
            entry[column] = draw(json_value)
    if draw(st.booleans()):
        entry[draw(st.sampled_from(["extra", "", "<x>", "id "]))] = draw(json_value)
    return entry


@st.composite
def json_document(draw: st.DrawFn) -> dict[str, Any]:
    names = draw(st.lists(st.sampled_from([s.name for s in BUNDLE]), min_size=1,
                          max_size=len(BUNDLE), unique=True))
    document: dict[str, Any] = {}
    for name in names:
        if draw(st.integers(0, 9)) == 0:
            document[name] = draw(json_value)  # not an array, maybe
        else:
            document[name] = draw(st.lists(json_entry(name), max_size=5))
    if draw(st.booleans()):
        document["unknown_file"] = draw(json_value)
    return document


@SETTINGS
@given(document=json_document())
def test_validate_never_raises_on_hostile_json(document: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bundle.json"
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        report = validate(Bundle.open(path))
        sources = {name for name in document if name in SPECS}
        _check_report(report, sources)
        assert set(report.counts) == sources
        for name in sources:
            if isinstance(document[name], list):
                assert report.counts[name] == len(document[name]), name


@SETTINGS
@given(data=st.binary(max_size=300))
def test_a_broken_json_document_is_refused_with_a_problem(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bundle.json"
        path.write_bytes(data)
        try:
            bundle = Bundle.open(path)
        except InvalidInput as exc:
            assert exc.problems and all(p.file == "bundle.json" for p in exc.problems)
            return
        _check_report(validate(bundle), {n for n in bundle._document or {} if n in SPECS})


# --- valid bundles with hostile text --------------------------------------------------

free_text = st.one_of(st.sampled_from(INJECTIONS), plain_text)
# A "name" (1-500 characters) may hold any injection string but not a lone blank.
name_text = st.one_of(st.sampled_from(INJECTIONS), plain_text).filter(
    lambda s: s.strip() and len(s.strip()) <= 500)


@st.composite
def valid_bundle(draw: st.DrawFn) -> dict[str, list[list[str]]]:
    """A referentially sound bundle whose free-text cells are hostile."""
    n_people = draw(st.integers(1, 6))
    companies = [["co-1", draw(name_text), draw(name_text), draw(free_text), ""],
                 ["co-2", draw(name_text), draw(name_text), draw(free_text), "co-1"]]
    departments = [["d-1", "co-1", draw(name_text), "it"]]
    people = []
    for i in range(n_people):
        manager = f"p-{draw(st.integers(0, i - 1))}" if i and draw(st.booleans()) else ""
        people.append([f"p-{i}", "co-1", draw(name_text), "d-1", draw(free_text), manager,
                       draw(free_text)])
    colleagues = [["c-1", draw(name_text), "sales", ""]]
    opportunities = [["o-1", "co-1", draw(name_text), "proposal", "d-1"]]
    roles = [["p-0", "champion", "o-1", "supporter", draw(free_text)]]
    interactions = [["i-1", "2026-01-02", "c-1", "p-0", "meeting", "o-1", draw(free_text)]]
    return {
        "companies": [["id", "name", "industry", "overview", "parent_id"], *companies],
        "departments": [["id", "company_id", "name", "function"], *departments],
        "people": [["id", "company_id", "name", "department_id", "title", "reports_to",
                    "notes"], *people],
        "colleagues": [["id", "name", "function", "manager_id"], *colleagues],
        "opportunities": [["id", "company_id", "name", "stage", "department_id"],
                          *opportunities],
        "roles": [["person_id", "role", "opportunity_id", "stance", "note"], *roles],
        "interactions": [["id", "date", "colleague_id", "person_id", "type", "opportunity_id",
                          "summary"], *interactions],
    }


@SETTINGS
@given(files=valid_bundle(), bom=st.booleans())
def test_hostile_text_in_a_valid_bundle_is_accepted(
    files: dict[str, list[list[str]]], bom: bool
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, (header, *rows) in files.items():
            data = _csv_bytes(header, rows)
            (folder / SPECS[name].filename).write_bytes(b"\xef\xbb\xbf" + data if bom else data)
        bundle = Bundle.open(folder)
        report = validate(bundle)
        assert report.ok, report.problems
        assert report.counts == {name: len(rows) for name, (_h, *rows) in files.items()}
        # The records read back carry the text as written: declared fields lose the
        # blanks around them, extra columns are kept verbatim (a blank one is dropped).
        people = list(bundle.records("people"))
        assert [p.name for p in people] == [row[2].strip() for row in files["people"][1:]]
        notes = [(p.model_extra or {}).get("notes") for p in people]
        assert notes == [row[6] if row[6].strip() else None for row in files["people"][1:]]
