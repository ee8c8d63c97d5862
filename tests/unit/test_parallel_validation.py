"""Validation with worker processes: the report and the kept rows of a single process."""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Collection
from pathlib import Path
from typing import Any

import pytest

from graphprofile.fixtures import generate as generator
from graphprofile.importer import Bundle, Problem, ValidationReport, parallel, validate
from graphprofile.importer.spill import ValidatedRows
from graphprofile.models import SPECS

pytestmark = pytest.mark.skipif(not parallel._FORK, reason="workers need fork")


# One of everything a row can do wrong, in files small enough to follow by hand.
HOSTILE: dict[str, str | bytes] = {
    "companies.csv": "id,name,industry,parent_id\n"
                     "acme,Acme,manufacturing,\n"
                     "acme-uk,\"Acme UK, Ltd\",manufacturing,acme\n"
                     "globex,Globex,retail,\n"
                     "acme,Acme again,x,\n"                        # row 5: duplicate id
                     "loop-a,A,x,loop-b\n"
                     "loop-b,B,x,loop-a\n",                        # rows 6-7: a loop
    "departments.csv": "id,company_id,name,function,parent_id\n"
                       "acme-exec,acme,Board,executive,\n"
                       "acme-it,acme,IT,it,acme-exec\n"
                       "globex-it,globex,IT,IT,\n"
                       "globex-ops,globex,Ops,operations,acme-it\n"  # parent elsewhere
                       "ghost-it,nowhere,IT,it,\n",               # unknown company
    "people.csv": "id,company_id,name,department_id,title,seniority,reports_to,"
                  "previous_company_ids,years_experience,last_verified,badge\n"
                  "p1,acme,Al Admin,acme-it,Sysadmin,staff,p2,globex,4,2025-01-31,blue\n"
                  "p2,acme,Bea Boss,acme-it,CIO,C-Level,p3,,20,,\n"
                  "p3,acme,Cy Chief,acme-exec,\"CEO,\nand founder\",c_level,,globex;acme-uk,,,\n"
                  "\n"                                               # row 5: blank
                  ",,,,,,,,,,\n"                                     # row 6: empty cells
                  "p4,acme,Enum,acme-it,,overlord,,,,,\n"            # row 7: bad enum
                  "p5,acme,Int,acme-it,,,,,many,2025-13-40,\n"       # row 8: two bad values
                  "p6,acme,Long,acme-it,,,,,,,,surplus,more\n"      # row 9: surplus cells
                  "p7,nowhere,Dangling,,,,p99,ghost-co,,,\n"         # row 10: unknown refs
                  "p8,acme,Wrong department,globex-it,,,,,,,\n"      # row 11: other company
                  "p9,acme,Loop A,acme-it,,,p10,,,,\n"
                  "p10,acme,Loop B,acme-it,,,p9,,,,\n"               # rows 12-13: a loop
                  "p1,acme,Duplicate,acme-it,,,,,,,\n"               # row 14: duplicate
                  "p11,acme,\"Quote \"\"the\"\" boss\",acme-it,'=cmd,,,,,,\n"
                  "p12,acme,,acme-it,,,p2,,,,\n"                     # row 16: name missing
                  "p13,globex,Manager elsewhere,globex-it,,,p2,,,,\n"
                  "p12,acme,Bad and duplicate,acme-it,,nope,,,,,\n",  # parse error, no dup
    "colleagues.csv": "id,name,function,manager_id,\n"
                      "c0,Dana Director,management,,\n"
                      "c1,Casey Rep,sales,c0,\n"
                      "c2,Cy Rep,sales,c0,stray\n",                  # under a nameless column
    "relationships.csv": "colleague_id,person_id,strength,since\n"
                         "c1,p2,4,2024-05-01\nc1,p3,9,\nc1,p2,3,\nc9,p99,2,\n",
    "roles.csv": b"person_id,role,opportunity_id\np1,user,\np2,champion,\n"
                 b"p3,user \xe9,\np4,nonsense,\np5,user,\n",        # not UTF-8 from row 4
    "interactions.csv": "id,date,colleague_id,person_id,type,summary\n"
                        "i1,2025-02-03T10:00:00,c1,p2,meeting,\"Kick-off;\n"
                        "agreed \"\"next steps\"\", then lunch\"\n"
                        "i2,yesterday,c1,p2,meeting,\n"
                        "i3,2025-02-04,c1,p2,meeting,\"" + "x" * 140_000 + "\"\n"  # not CSV:
                        # a cell past csv's field size limit
                        "i4,2025-02-05,c1,p2,nonsense,\n",
}


class FakeLookup:
    """An in-memory store: kind -> id -> owning company."""

    def __init__(self, rows: dict[str, dict[str, str | None]]):
        self.rows = rows

    def lookup(self, kind: str, ids: Collection[str]) -> dict[str, str | None]:
        known = self.rows.get(kind, {})
        return {i: known[i] for i in ids if i in known}


STORE = FakeLookup({"companies": {"ghost-co": None}, "people": {"p99": "globex"}})


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_bytes(content if isinstance(content, bytes)
                                    else content.encode("utf-8"))
    return folder


@pytest.fixture(params=[(1, 0), (150, 1 << 20)], ids=["row-ranges", "150-byte-ranges"])
def ranges(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Any:
    """Every CSV file goes to the workers, in ranges of a row (a few sent ahead) or of a
    few rows (all sent at once); the ranges read, by worker."""
    monkeypatch.setattr(parallel, "MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "CHUNK_BYTES", request.param[0])
    monkeypatch.setattr(parallel, "AHEAD_BYTES", request.param[1])
    parallel.RANGES.clear()
    return parallel.RANGES


Outcome = tuple[ValidationReport, dict[str, list[list[dict[str, Any]]]], list[Any]]


def outcome(path: Path, workers: int, **options: Any) -> Outcome:
    """The report, the rows set aside and the records kept, validating with ``workers``."""
    kept = ValidatedRows(batch_size=3)
    try:
        report = validate(Bundle.open(path), keep=kept, workers=workers, **options)
        kept.finish()
        rows = {name: list(kept.batches(name, 4)) for name in SPECS if kept.has(name)}
    finally:
        kept.close()
    records: list[Any] = []
    again = validate(Bundle.open(path), keep=lambda name, record: records.append(
        (name, record)), workers=workers, **options)
    assert again == report
    return report, rows, records


def assert_same(path: Path, **options: Any) -> ValidationReport:
    """Validate with one process and with two workers; everything must be the same."""
    alone = outcome(path, 1, **options)
    before = parallel.RANGES.total()
    shared = outcome(path, 2, **options)
    assert parallel.RANGES.total() > before, "the workers did not run"
    assert set(parallel.RANGES) - {os.getpid()}
    assert shared[0].problems == alone[0].problems
    assert shared[0].counts == alone[0].counts
    assert shared[1] == alone[1]
    assert shared[2] == alone[2]
    assert not multiprocessing.active_children()  # the workers are gone
    return alone[0]


def test_every_kind_of_problem_is_found_alike(tmp_path, ranges):
    folder = write(tmp_path / "b", HOSTILE)
    report = assert_same(folder, existing=STORE)
    assert os.getpid() not in ranges  # well-formed quotes: every range read by a worker
    problems = {(p.file, p.row, p.column) for p in report.problems}
    # The bundle above does exercise what it says.
    assert {("companies.csv", 5, "id"), ("companies.csv", 6, "parent_id"),
            ("departments.csv", 5, "parent_id"), ("departments.csv", 6, "company_id"),
            ("people.csv", 7, "seniority"), ("people.csv", 8, "years_experience"),
            ("people.csv", 8, "last_verified"), ("people.csv", 9, None),
            ("people.csv", 10, "company_id"), ("people.csv", 10, "reports_to"),
            ("people.csv", 11, "department_id"), ("people.csv", 12, "reports_to"),
            ("people.csv", 14, "id"), ("people.csv", 16, "name"),
            ("people.csv", 17, "reports_to"), ("colleagues.csv", 4, None),
            ("relationships.csv", 3, "strength"), ("relationships.csv", 5, "colleague_id"),
            ("roles.csv", 4, None), ("interactions.csv", 3, "date"),
            ("interactions.csv", 4, None)} <= problems
    assert ("people.csv", 10, "previous_company_ids") not in problems  # in the store
    assert ("people.csv", 18, "id") not in problems  # did not parse: not a duplicate
    assert not {p for p in problems if p[0] == "roles.csv" and p[1] > 4}
    assert not {p for p in problems if p[0] == "interactions.csv" and p[1] > 4}
    assert report.counts == {"companies": 6, "departments": 5, "people": 15,
                             "colleagues": 3, "relationships": 4, "roles": 2,
                             "interactions": 2}
    assert "field larger than field limit" in report.problems[-1].reason


def test_without_the_store_and_with_a_missing_column(tmp_path, ranges):
    files = dict(HOSTILE)
    files["departments.csv"] = str(HOSTILE["departments.csv"]).replace(",function,", ",kind,")
    assert_same(write(tmp_path / "b", files))


@pytest.mark.parametrize("cap", [0, 1, 7, 20])
def test_the_cap_cuts_at_the_same_problem(tmp_path, ranges, cap):
    report = assert_same(write(tmp_path / "b", HOSTILE), existing=STORE, max_problems=cap)
    assert report.problems[-1].file == "bundle"


def test_a_read_error_after_many_ranges_stops_the_file_there(tmp_path, ranges):
    rows = [f"c{i},Rep {i},{'sales' if i % 7 else 'wizard'},\n".encode() for i in range(600)]
    rows[450] = b"c450,R\xe9p,sales,\n"  # row 452 is not UTF-8; 148 more rows follow it
    folder = write(tmp_path / "b", {"colleagues.csv": b"id,name,function,manager_id\n"
                                    + b"".join(rows)})
    report = assert_same(folder)
    assert report.counts == {"colleagues": 450}
    assert report.problems[-1] == Problem("colleagues.csv", 452, None, "not valid UTF-8")
    assert max(p.row or 0 for p in report.problems) == 452


def test_a_range_cut_inside_a_quoted_cell_is_read_again_from_its_record(tmp_path, ranges):
    # A stray quote in an unquoted cell is text to CSV, but makes the quotes counted to
    # cut ranges odd: later ranges are cut inside the quoted cells over two lines.
    rows = ["id,name,function,email\n", 'c0,"5"" screen",sales,\n', 'c1,5" screen,sales,\n']
    rows += [f'c{i},"Rep\n{i}, senior",{"sales" if i % 3 else "wizard"},\n'
             for i in range(2, 40)]
    folder = write(tmp_path / "b", {"colleagues.csv": "".join(rows)})
    report = assert_same(folder)
    assert report.counts == {"colleagues": 40}
    assert [p.row for p in report.problems] == list(range(5, 42, 3))  # the wizards
    assert os.getpid() in parallel.RANGES  # some ranges were read again here


def test_a_generated_bundle_keeps_the_same_rows(tmp_path, monkeypatch):
    generator.generate(tmp_path / "g", accounts=20, seed=11)
    monkeypatch.setattr(parallel, "MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "CHUNK_BYTES", 4096)
    parallel.RANGES.clear()
    report = assert_same(tmp_path / "g")
    assert report.ok and report.counts["people"] > 1000
    assert len(parallel.RANGES) >= 2  # more than one worker had ranges


def test_small_files_json_and_one_worker_stay_in_this_process(tmp_path, monkeypatch):
    folder = write(tmp_path / "b", HOSTILE)
    parallel.RANGES.clear()
    validate(Bundle.open(folder), workers=2)  # every file is far below MIN_BYTES
    monkeypatch.setattr(parallel, "MIN_BYTES", 0)
    validate(Bundle.open(folder), workers=1)
    document = {"colleagues": [{"id": "c1", "name": "Casey", "function": "sales"}]}
    (tmp_path / "b.json").write_text(json.dumps(document), encoding="utf-8")
    assert validate(Bundle.open(tmp_path / "b.json"), workers=2).ok
    assert not parallel.RANGES
    monkeypatch.setenv("GRAPHPROFILE_WORKERS", "2")
    validate(Bundle.open(folder))  # the default: the setting
    assert parallel.RANGES


def test_an_error_while_checking_stops_the_workers(tmp_path, ranges):
    folder = write(tmp_path / "b", HOSTILE)

    def refuse(name: str, record: Any) -> None:
        raise RuntimeError("full")

    with pytest.raises(RuntimeError, match="full"):
        validate(Bundle.open(folder), keep=refuse, workers=2)
    assert not multiprocessing.active_children()
