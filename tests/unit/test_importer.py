"""Bundle reading, validation and CSV writing, without Neo4j."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection
from pathlib import Path

import pytest
from pydantic import ValidationError

from graphprofile.errors import InvalidInput
from graphprofile.importer import Bundle, Problem, cell, validate, write_bundle
from graphprofile.importer.validate import error_problems
from graphprofile.models import BUNDLE, Colleague, Person, Seniority, Stance

TINY = {
    "companies.csv": "id,name,industry,parent_id,employees,revenue\n"
                     "acme,Acme,manufacturing,,1200,3.5e7\n"
                     "acme-uk,Acme UK,manufacturing,acme,80,\n"
                     "globex,Globex,retail,,,\n",
    "departments.csv": "id,company_id,name,function,parent_id\n"
                       "acme-exec,acme,Board,executive,\n"
                       "acme-it,acme,IT,it,acme-exec\n"
                       "globex-it,globex,IT,IT,\n",
    "people.csv": "id,company_id,name,department_id,title,seniority,reports_to,"
                  "previous_company_ids,years_experience,last_verified,badge\n"
                  "p1,acme,Al Admin,acme-it,Sysadmin,staff,p2,globex,4,2025-01-31,blue\n"
                  "p2,acme,Bea Boss,acme-it,CIO,C-Level,p3,,20,,\n"
                  "p3,acme,Cy Chief,acme-exec,CEO,c_level,,globex;acme-uk,,,\n"
                  "g1,globex,Gil Green,globex-it,\"Head of IT, EMEA\",director,,,,,\n",
    "influence.csv": "source_id,target_id,strength\np1,p2,0.8\np3,p2,\n",
    "colleagues.csv": "id,name,function,manager_id,active\n"
                      "c0,Dana Director,management,,true\n"
                      "c1,Casey Rep,sales,c0,\n",
    "relationships.csv": "colleague_id,person_id,strength,since\nc1,p2,4,2024-05-01\n",
    "products.csv": "id,name,category,target_function\nprod-crm,CRM,crm,sales;marketing\n",
    "deployments.csv": "department_id,product_id,vendor,annual_value\n"
                       "acme-it,prod-crm,,12000.50\nglobex-it,prod-crm,Rival,\n",
    "opportunities.csv": "id,company_id,name,stage,department_id,product_id,amount,owner_id\n"
                         "o1,acme,CRM rollout,proposal,acme-it,prod-crm,50000,c1\n",
    "roles.csv": "person_id,role,opportunity_id,stance\np2,decision_maker,o1,supporter\n"
                 "p1,user,,\n",
    "interactions.csv": "id,date,colleague_id,person_id,type,opportunity_id,summary\n"
                        "i1,2025-02-03T10:00:00,c1,p2,meeting,o1,\"Kick-off;\n"
                        "agreed \"\"next steps\"\"\"\n",
}
TINY_COUNTS = {
    "companies": 3, "departments": 3, "people": 4, "influence": 2, "colleagues": 2,
    "relationships": 1, "products": 1, "deployments": 2, "opportunities": 1, "roles": 2,
    "interactions": 1,
}


class FakeLookup:
    """An in-memory store: kind -> id -> owning company; remembers every call."""

    def __init__(self, rows: dict[str, dict[str, str | None]]):
        self.rows = rows
        self.calls: list[tuple[str, list[str]]] = []

    def lookup(self, kind: str, ids: Collection[str]) -> dict[str, str | None]:
        self.calls.append((kind, sorted(ids)))
        known = self.rows.get(kind, {})
        return {i: known[i] for i in ids if i in known}


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (folder / name).write_bytes(data)
    return folder


def found(report, file: str) -> set[tuple[int | None, str | None]]:
    return {(p.row, p.column) for p in report.problems if p.file == file}


def reasons(report, file: str, row: int | None, column: str | None = None) -> list[str]:
    return [p.reason for p in report.problems
            if (p.file, p.row, p.column) == (file, row, column)]


def load(bundle: Bundle) -> dict[str, list]:
    return {spec.name: list(bundle.records(spec.name)) for spec in bundle.present()}


# --- a valid bundle ------------------------------------------------------------------


def test_valid_bundle_passes_with_exact_counts(tmp_path):
    bundle = Bundle.open(write(tmp_path / "b", TINY))
    report = validate(bundle)
    assert report.problems == []
    assert report.ok
    report.raise_for_problems()
    assert report.counts == TINY_COUNTS
    assert [spec.name for spec in bundle.present()] == list(TINY_COUNTS)


def test_records_are_typed_and_blank_cells_take_defaults(tmp_path):
    records = load(Bundle.open(write(tmp_path / "b", TINY)))
    p1, p2, p3, g1 = records["people"]
    assert isinstance(p1, Person)
    assert p2.seniority is Seniority.C_LEVEL
    assert p1.previous_company_ids == ["globex"] and p2.previous_company_ids == []
    assert p3.previous_company_ids == ["globex", "acme-uk"]
    assert p1.last_verified == dt.date(2025, 1, 31) and p2.last_verified is None
    assert p1.model_extra == {"badge": "blue"} and p2.model_extra == {}
    assert g1.title == "Head of IT, EMEA"
    assert records["influence"][1].strength == 0.5
    assert records["colleagues"][1].active is True
    assert records["deployments"][0].vendor == "ours"
    assert records["roles"][1].stance is Stance.NEUTRAL
    assert records["interactions"][0].summary == 'Kick-off;\nagreed "next steps"'
    assert records["interactions"][0].date == dt.date(2025, 2, 3)


def test_rows_are_raw_cells_with_spreadsheet_row_numbers(tmp_path):
    bundle = Bundle.open(write(tmp_path / "b", TINY))
    rows = list(bundle.rows("influence"))
    assert rows == [(2, {"source_id": "p1", "target_id": "p2", "strength": "0.8"}),
                    (3, {"source_id": "p3", "target_id": "p2", "strength": ""})]


def test_batches_split_records(tmp_path):
    bundle = Bundle.open(write(tmp_path / "b", TINY))
    assert [len(batch) for batch in bundle.batches("people", size=3)] == [3, 1]
    assert [r.id for batch in bundle.batches("people") for r in batch] == ["p1", "p2", "p3", "g1"]


def test_csv_and_json_give_the_same_records(tmp_path):
    csv_bundle = Bundle.open(write(tmp_path / "csv", TINY))
    document = {
        spec.name: [dict(cells) for _row, cells in csv_bundle.rows(spec.name)]
        for spec in csv_bundle.present()
    }
    # Native JSON types where a hand-written document would use them.
    document["people"][0].update(years_experience=4, previous_company_ids=["globex"])
    document["people"][2]["previous_company_ids"] = ["globex", "acme-uk"]
    document["colleagues"][0]["active"] = True
    document["companies"][0].update(employees=1200, revenue=3.5e7, parent_id=None)
    document["influence"][0]["strength"] = 0.8
    (tmp_path / "bundle.json").write_text(json.dumps(document), encoding="utf-8")
    json_bundle = Bundle.open(tmp_path / "bundle.json")
    assert json_bundle.is_json
    assert validate(json_bundle).counts == TINY_COUNTS
    assert validate(json_bundle).ok
    assert load(json_bundle) == load(csv_bundle)


def test_json_problems_name_the_array_and_its_1_based_index(tmp_path):
    document = {"colleagues": [{"id": "c1", "name": "Casey", "function": "sales"},
                               {"id": "c2", "name": "Dee", "function": "wizard"},
                               "not an object"]}
    (tmp_path / "b.json").write_text(json.dumps(document), encoding="utf-8")
    report = validate(Bundle.open(tmp_path / "b.json"))
    assert found(report, "colleagues") == {(2, "function"), (3, None)}
    assert report.counts == {"colleagues": 3}


def test_open_rejects_what_is_not_a_bundle(tmp_path):
    (tmp_path / "people.csv").write_text("id\n")
    (tmp_path / "broken.json").write_text("{nope")
    (tmp_path / "list.json").write_text("[]")
    for path, reason in [(tmp_path / "people.csv", "neither a folder"),
                         (tmp_path / "missing", "no such file"),
                         (tmp_path / "broken.json", "not valid JSON"),
                         (tmp_path / "list.json", "must be an object")]:
        with pytest.raises(InvalidInput) as info:
            Bundle.open(path)
        assert reason in info.value.problems[0].reason


# --- problems ------------------------------------------------------------------------


def broken_bundle(folder: Path) -> Path:
    files = dict(TINY)
    files["companies.csv"] = "\ufeff" + TINY["companies.csv"] + "acme,Acme again,x,,,\n"
    files["departments.csv"] = TINY["departments.csv"].replace(  # no "function" column
        "id,company_id,name,function,parent_id", "id,company_id,name,kind,parent_id")
    files["people.csv"] = TINY["people.csv"] + (
        "p4,acme,Quoted,acme-it,\"a title\nover two lines\",staff,,,,,\n"    # row 6
        "p5,acme,Enum,acme-it,,overlord,,,,,\n"                              # row 7
        "p6,acme,Int,acme-it,,,,,many,,\n"                                   # row 8
        "p7,acme,Date,acme-it,,,,,,2025-13-40,\n"                            # row 9
        "p8,nowhere,Dangling,,,,p99,,,,\n"                                   # row 10
        "p9,stored-co,Known to the store,stored-dept,,,,,,,\n"               # row 11
        "p10,acme,Wrong department,globex-it,,,,,,,\n"                       # row 12
        "p11,acme,Loop A,acme-it,,,p12,,,,\n"                                # row 13
        "p12,acme,Loop B,acme-it,,,p11,,,,\n"                                # row 14
        "p1,acme,Duplicate,acme-it,,,,,,,\n"                                 # row 15
    )
    files["relationships.csv"] = TINY["relationships.csv"] + "c1,p3,9,\n"
    files["roles.csv"] = b"person_id,role\np1,user\np2,champion \xe9\np3,user\n"
    return write(folder, files)


STORE = FakeLookup({"companies": {"stored-co": None},
                    "departments": {"stored-dept": "stored-co"}})


def test_every_problem_is_reported_with_file_row_and_column(tmp_path):
    report = validate(Bundle.open(broken_bundle(tmp_path / "b")), existing=STORE)
    assert found(report, "companies.csv") == {(5, "id")}  # the BOM is no problem
    assert reasons(report, "companies.csv", 5, "id") == ["duplicate of row 2"]
    assert (None, "function") in found(report, "departments.csv")
    assert reasons(report, "departments.csv", None, "function") == ["missing required column"]
    assert found(report, "people.csv") == {
        (7, "seniority"), (8, "years_experience"), (9, "last_verified"),
        (10, "company_id"), (10, "reports_to"), (12, "department_id"), (13, "reports_to"),
        (15, "id"),
    }
    assert "'overlord'" in reasons(report, "people.csv", 7, "seniority")[0]
    assert reasons(report, "people.csv", 10, "company_id") == [
        "unknown company 'nowhere': not in the bundle or the store"]
    assert reasons(report, "people.csv", 12, "department_id") == [
        "department 'globex-it' belongs to company 'globex', not 'acme' (the person's company)"]
    assert reasons(report, "people.csv", 13, "reports_to") == [
        "reporting loop: p11 → p12 → p11 (rows 13, 14)"]
    assert found(report, "relationships.csv") == {(3, "strength")}
    assert reasons(report, "roles.csv", 3) == ["not valid UTF-8"]
    assert report.counts["people"] == 14
    assert report.counts["roles"] == 1  # read up to the bad record
    assert not report.ok


def test_problems_are_grouped_by_file_and_row(tmp_path):
    report = validate(Bundle.open(broken_bundle(tmp_path / "b")), existing=STORE)
    files = [p.file for p in report.problems]
    order = ["companies.csv", "departments.csv", "people.csv", "relationships.csv", "roles.csv"]
    assert sorted(set(files), key=order.index) == order
    assert files == sorted(files, key=order.index)
    people_rows = [p.row for p in report.problems if p.file == "people.csv"]
    assert people_rows == sorted(people_rows)


def test_references_resolve_through_existing_in_one_call_per_kind(tmp_path):
    store = FakeLookup(STORE.rows)
    validate(Bundle.open(broken_bundle(tmp_path / "b")), existing=store)
    assert sorted(kind for kind, _ids in store.calls) == ["companies", "departments", "people"]
    assert dict(store.calls)["companies"] == ["nowhere", "stored-co"]
    # Without the store, the stored rows are unknown too.
    report = validate(Bundle.open(tmp_path / "b"))
    assert reasons(report, "people.csv", 11, "company_id") == [
        "unknown company 'stored-co': not in the bundle"]
    assert (11, "department_id") in found(report, "people.csv")


def test_control_characters_in_ids_are_refused_on_their_column(tmp_path):
    people = ("id,company_id,name,reports_to,previous_company_ids\n"
              "p1,acme,Al,,\n"
              "\"p\x012\",acme,Bo,p1,\n"
              "p3,acme,Cy,\"p\t1\",\n"
              "p4,acme,Di,p1,\"globex;acme\x1f-uk\"\n"
              "p5,acme,\"Ed\tEddy\",p1,\n")
    files = {name: TINY[name] for name in ("companies.csv", "departments.csv")}
    report = validate(Bundle.open(write(tmp_path / "b", {**files, "people.csv": people})))
    assert found(report, "people.csv") == {(3, "id"), (4, "reports_to"),
                                           (5, "previous_company_ids")}
    assert reasons(report, "people.csv", 3, "id") == [
        "must not contain control characters (got 'p\\x012')"]
    assert reasons(report, "people.csv", 5, "previous_company_ids") == [
        "item 2: must not contain control characters (got 'acme\\x1f-uk')"]


@pytest.mark.parametrize("spec", BUNDLE, ids=lambda spec: spec.name)
def test_every_id_column_refuses_control_characters(spec):
    """Names are free text, but any column naming a row (id, *_id, *_ids, reports_to)
    is an id: a future column typed ``str`` instead of ``Id`` fails here."""
    columns = [name for name in spec.model.model_fields
               if name == "id" or name.endswith(("_id", "_ids")) or name == "reports_to"]
    assert columns
    for column in columns:
        with pytest.raises(ValidationError) as info:
            spec.model.model_validate({column: "bad\x00id"})
        problems = error_problems(spec.filename, 2, spec, info.value)
        assert [p.reason.removeprefix("item 1: ") for p in problems if p.column == column] \
            == ["must not contain control characters (got 'bad\\x00id')"]


def test_raise_for_problems_carries_every_problem(tmp_path):
    report = validate(Bundle.open(broken_bundle(tmp_path / "b")), existing=STORE)
    with pytest.raises(InvalidInput) as info:
        report.raise_for_problems()
    assert info.value.problems == report.problems
    assert "people.csv" in info.value.message


def test_problem_text():
    assert str(Problem("people.csv", 7, "seniority", "bad")) == \
        "people.csv row 7, column seniority: bad"
    assert str(Problem("people.csv", None, "name", "missing")) == \
        "people.csv, column name: missing"
    assert str(Problem("roles.csv", 3, None, "not valid UTF-8")) == \
        "roles.csv row 3: not valid UTF-8"
    assert str(Problem("people.csv", None, None, "unreadable")) == "people.csv: unreadable"


def test_max_problems_cuts_with_a_final_count(tmp_path):
    rows = "".join(f"c{i},Name,nonsense\n" for i in range(30))
    bundle = Bundle.open(write(tmp_path / "b", {"colleagues.csv": "id,name,function\n" + rows}))
    report = validate(bundle, max_problems=10)
    assert len(report.problems) == 11
    assert report.problems[-1].reason.startswith("20 more problems")
    with pytest.raises(InvalidInput, match="more than 10 problems in colleagues.csv$"):
        report.raise_for_problems()
    assert report.counts == {"colleagues": 30}


def test_cross_company_and_store_consistency(tmp_path):
    files = {
        "departments.csv": "id,company_id,name,function,parent_id\n"
                           "d1,acme,Ops,operations,\n"
                           "d2,globex,Sub,operations,d1\n"      # parent in another company
                           "d3,acme,Loop,operations,d4\n"
                           "d4,acme,Loop,operations,d3\n",
        "people.csv": "id,company_id,name,reports_to\n"
                      "p1,acme,Ann,boss\n",                       # stored manager elsewhere
        "opportunities.csv": "id,company_id,name,stage,department_id\n"
                             "o1,acme,Deal,lead,stored-d\n",      # stored dept elsewhere
        "roles.csv": "person_id,role,opportunity_id\n"
                     "stored-p,user,stored-o\n"                   # both only in the store
                     "p1,user,stored-o\n",
    }
    store = FakeLookup({
        "companies": {"acme": None, "globex": None},
        "people": {"boss": "globex", "stored-p": "acme"},
        "departments": {"stored-d": "globex"},
        "opportunities": {"stored-o": "globex"},
    })
    report = validate(Bundle.open(write(tmp_path / "b", files)), existing=store)
    assert found(report, "departments.csv") == {(3, "parent_id"), (4, "parent_id")}
    assert "parent department 'd1' belongs to company 'acme', not 'globex'" in \
        reasons(report, "departments.csv", 3, "parent_id")[0]
    assert reasons(report, "departments.csv", 4, "parent_id") == [
        "parent department loop: d3 → d4 → d3 (rows 4, 5)"]
    assert found(report, "people.csv") == {(2, "reports_to")}
    assert found(report, "opportunities.csv") == {(2, "department_id")}
    assert found(report, "roles.csv") == {(2, "opportunity_id"), (3, "opportunity_id")}
    assert len(store.calls) == 4


def test_an_account_has_one_owner_in_a_bundle(tmp_path):
    files = {**TINY, "account_team.csv": "company_id,colleague_id,role\n"
                                         "acme,c1,owner\n"
                                         "acme,c0,Account Manager\n"
                                         "globex,c0,\n"          # a member
                                         "acme,c0, Owner \n"     # a second owner
                                         "globex,c1,owner\n"}
    bundle = Bundle.open(write(tmp_path / "b", files))
    report = validate(bundle)
    assert found(report, "account_team.csv") == {(5, "role")}
    assert reasons(report, "account_team.csv", 5, "role") == [
        "an account has one owner: row 2 names one already"]
    roles = [(m.company_id, m.role) for m in Bundle.open(tmp_path / "b").records("account_team")]
    assert roles == [("acme", "owner"), ("acme", "Account Manager"), ("globex", "member"),
                     ("acme", "owner"), ("globex", "owner")]


def test_malformed_rows_and_header(tmp_path):
    files = {"colleagues.csv": "id,name,function,name\n"
                               "c1,Ann,sales,Ann\n"
                               "c2,Bob,sales,Bob,surplus\n"
                               "c3,Cy\n"                          # short: function missing
                               "\n"                               # blank line: row 5, no record
                               " ,,, \n"                          # empty cells: row 6, no record
                               "c4,Dee,sales,Dee,\n"              # empty surplus: harmless
                               "c5,Eve,wizard,Eve\n"}
    bundle = Bundle.open(write(tmp_path / "b", files))
    report = validate(bundle)
    assert found(report, "colleagues.csv") == {
        (None, "name"), (3, None), (4, "function"), (8, "function")}
    assert report.counts == {"colleagues": 5}
    assert [row for row, _cells in bundle.rows("colleagues")] == [2, 3, 4, 7, 8]
    assert dict(bundle.rows("colleagues"))[4] == {"id": "c3", "name": "Cy", "function": None}


def test_empty_and_missing_files(tmp_path):
    report = validate(Bundle.open(write(tmp_path / "b", {"people.csv": ""})))
    assert report.ok and report.counts == {"people": 0}
    assert validate(Bundle.open(write(tmp_path / "none", {}))).counts == {}


def test_not_utf8_header_is_row_1(tmp_path):
    folder = write(tmp_path / "b", {"people.csv": "id,name,n\xe4me\n".encode("latin-1")})
    report = validate(Bundle.open(folder))
    assert report.problems == [Problem("people.csv", 1, None, "not valid UTF-8")]


def test_records_refuses_rows_that_do_not_validate(tmp_path):
    bundle = Bundle.open(write(tmp_path / "b", {"colleagues.csv": "id,name,function\nc1,A,x\n"}))
    with pytest.raises(InvalidInput) as info:
        list(bundle.records("colleagues"))
    assert info.value.problems[0].column == "function"


# --- writing -------------------------------------------------------------------------


def test_cell_renders_each_type():
    assert cell(None) == ""
    assert cell(True) == "true" and cell(False) == "false"
    assert cell(1200) == "1200"
    assert cell(0.1) == "0.1" and cell(3.5e7) == "35000000.0" and cell(1e20) == "1e+20"
    assert cell(dt.date(2025, 1, 2)) == "2025-01-02"
    assert cell(Seniority.VP) == "vp"
    assert cell(["a", "b"]) == "a;b"


def test_write_bundle_header_extras_and_quoting(tmp_path):
    colleagues = [
        Colleague(id="c1", name='Ann "the rep", EMEA', function="sales", zone="north"),
        Colleague(id="c2", name="Bob\r\nBrown", function="presales", active=False, desk="7"),
    ]
    counts = write_bundle(tmp_path / "out", {"colleagues": iter(colleagues), "roles": []})
    assert counts == {"colleagues": 2, "roles": 0}
    assert not (tmp_path / "out" / "roles.csv").exists()
    data = (tmp_path / "out" / "colleagues.csv").read_bytes()
    assert data == (
        b"id,name,function,manager_id,email,active,desk,zone\n"
        b'c1,"Ann ""the rep"", EMEA",sales,,,true,,north\n'
        b'c2,"Bob\r\nBrown",presales,,,false,7,\n'
    )
    assert list(Bundle.open(tmp_path / "out").records("colleagues")) == colleagues


def test_export_import_export_is_byte_identical(tmp_path):
    source = Bundle.open(write(tmp_path / "src", TINY))
    first = write_bundle(tmp_path / "one", load(source))
    assert first == TINY_COUNTS
    again = Bundle.open(tmp_path / "one")
    assert validate(again).ok
    write_bundle(tmp_path / "two", load(again))
    names = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert names == sorted(TINY)
    assert names == sorted(p.name for p in (tmp_path / "two").iterdir())
    for name in names:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    assert load(again) == load(source)


def test_formula_cells_are_neutralised_on_export_and_restored_on_import(tmp_path):
    from graphprofile.importer.bundle import Bundle
    from graphprofile.importer.csvio import write_bundle
    from graphprofile.models import Company, Person

    texts = ["=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)", "'=already quoted", "''=two",
             "plain", "'just a quote"]
    people = [Person(id=f"p{i}", company_id="c", name=t, title=t, previous_company_ids=["=x"])
              for i, t in enumerate(texts)]
    company = Company(id="c", name="C", industry="x", profit=-5.0)
    write_bundle(tmp_path / "one", {"companies": [company], "people": people})
    raw = (tmp_path / "one" / "people.csv").read_text(encoding="utf-8")
    cells = [c for line in raw.splitlines()[1:] for c in line.split(",")]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]  # no bare formula
    assert ",'=cmd|" in raw and ",'+1," in raw and ",'-2," in raw and ",'@SUM(A1)," in raw
    assert ",''=already quoted," in raw and ",'''=two," in raw
    assert ",'just a quote," in raw  # not formula-like: left alone
    assert ",-5.0," in (tmp_path / "one" / "companies.csv").read_text()  # numbers stay numbers
    bundle = Bundle.open(tmp_path / "one")
    read = list(bundle.records("people"))
    assert [p.name for p in read] == texts and [p.title for p in read] == texts
    assert all(p.previous_company_ids == ["=x"] for p in read)
    write_bundle(tmp_path / "two", {"companies": list(bundle.records("companies")),
                                    "people": read})
    for name in ("companies.csv", "people.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def _dumped(record) -> dict:
    """The reference conversion: pydantic's own dump, enums to their values."""
    from enum import StrEnum

    props = record.model_dump(mode="python")
    return {k: (v.value if isinstance(v, StrEnum) else
                [x.value if isinstance(x, StrEnum) else x for x in v] if isinstance(v, list)
                else v) for k, v in props.items()}


def test_store_rows_equal_the_pydantic_dump_of_every_demo_record():
    from graphprofile.config import PROJECT_ROOT
    from graphprofile.models import BUNDLE
    from graphprofile.store.records import to_row

    bundle = Bundle.open(PROJECT_ROOT / "fixtures" / "demo")
    seen = 0
    for spec in BUNDLE:
        for record in bundle.records(spec.name):
            dumped = _dumped(record)
            assert record.to_properties() == dumped
            assert to_row(record) == {k: v for k, v in dumped.items()
                                      if v is not None and v != []}
            assert all(type(v) is not Seniority for v in to_row(record).values())
            seen += 1
    assert seen > 700


def test_blank_and_quoted_cells_parse_as_before(tmp_path):
    (tmp_path / "products.csv").write_text(
        "id,name,category,target_function,note\n"
        "p1,'=SUM(A1),crm, ,\n"
        "p2,Plain,crm,finance;sales,''=x\n"
        "p3,'quoted',crm,,\n", encoding="utf-8")
    bundle = Bundle.open(tmp_path)
    first, second, third = list(bundle.records("products"))
    assert first.name == "=SUM(A1)" and first.target_function == []
    assert "note" not in first.to_properties(given_only=True)
    assert [f.value for f in second.target_function] == ["finance", "sales"]
    assert second.to_properties()["note"] == "'=x"
    assert third.name == "'quoted'"


def test_row_hashes_are_the_same_in_every_process():
    # A re-sync compares hashes stored by another process: nothing may depend on the
    # process (a validator function's address, the hash seed).
    import os
    import subprocess
    import sys

    script = ("from graphprofile.importer.hashing import row_hash; print(row_hash("
              "'companies', {'id': 'a', 'name': 'A', 'lead_date': '2026-01-02'}), "
              "row_hash('people', {'id': 'p', 'company_id': 'a', 'name': 'P', "
              "'last_verified': '2026-01-02', 'previous_company_ids': 'b;c'}))")
    runs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
            for seed in ("1", "2")}
    assert len(runs) == 1
