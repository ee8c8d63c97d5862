"""Connectors without a store: mapping files and their errors, the translation of the
sample Salesforce export, departments, seniority, enum spellings, problems in source terms."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphprofile.cli import main
from graphprofile.cli.bundles import SOURCES
from graphprofile.config import PROJECT_ROOT
from graphprofile.connectors import SHIPPED, parse_mapping, shipped, translate
from graphprofile.connectors.departments import normalise_department
from graphprofile.connectors.seniority import seniority_from_title
from graphprofile.connectors.transforms import colleague_function
from graphprofile.errors import InvalidInput
from graphprofile.importer.bundle import Bundle
from graphprofile.importer.validate import validate
from graphprofile.models import (
    ColleagueFunction,
    Function,
    InteractionType,
    OpportunityStage,
    Person,
    Role,
    Seniority,
)

SAMPLE = PROJECT_ROOT / "fixtures" / "salesforce"
SF = shipped("salesforce")


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def translated(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("bundle")
    return translate(SF, SAMPLE, out)


# --- mapping files ------------------------------------------------------------------

GOOD = '''\
name = "Tiny CRM"
[values.levels]
"Big Boss" = "c_level"

[[file]]
source = "Org.csv"
target = "companies"
[file.fields]
id = { template = "org-{OrgNo}" }
name = "OrgName"
industry = { column = "Sector", default = "Other" }

[[file]]
source = "Person.csv"
target = "people"
ignore = ["Internal"]
[file.fields]
id = "PersonNo"
company_id = { template = "org-{OrgNo}" }
name = { join = ["Given", "Family"] }
title = "Job"
seniority = { column = "Level", values = "levels" }
'''


def test_a_mapping_file_reads(tmp_path):
    mapping = parse_mapping(GOOD)
    assert [e.target for e in mapping.file] == ["companies", "people"]
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "Org.csv").write_text("OrgNo,OrgName,Sector,Region\n7,Acme,,North\n")
    (tmp_path / "src" / "Person.csv").write_text(
        "PersonNo,OrgNo,Given,Family,Job,Level,Internal,Hobby\n"
        "p1,7,Ann,Lee,CTO,,x,chess\np2,7,Bo,,Clerk,big  BOSS,y,\n")
    result = translate(mapping, tmp_path / "src", tmp_path / "out")
    assert result.problems == []
    assert _rows(tmp_path / "out", "companies") == [
        {"id": "org-7", "name": "Acme", "industry": "Other", "Region": "North"}]
    assert _rows(tmp_path / "out", "people") == [
        {"id": "p1", "company_id": "org-7", "name": "Ann Lee", "title": "CTO",
         "seniority": "c_level", "Hobby": "chess"},  # inferred from the title
        {"id": "p2", "company_id": "org-7", "name": "Bo", "title": "Clerk",
         "seniority": "c_level", "Hobby": ""},  # from the value table, case and spaces aside
    ]
    assert validate(Bundle.open(tmp_path / "out")).ok


@pytest.mark.parametrize(("change", "expected"), [
    (("compnay_id = { template", "company_id = { template"), None),  # the good file itself
    (('company_id = { template = "org-{OrgNo}" }', 'compnay_id = "OrgNo"'),
     "mapping.toml row 19, column file[2].fields.compnay_id: not a field of people"),
    (('title = "Job"', 'title = { column = "Job", transform = "shout" }'),
     "mapping.toml row 21, column file[2].fields.title.transform: unknown transform 'shout'"),
    (('values = "levels"', 'values = "grades"'),
     "mapping.toml row 22, column file[2].fields.seniority.values: no table [values.grades]"),
    (('target = "people"', 'target = "persons"'),
     "mapping.toml row 15, column file[2].target: unknown bundle file 'persons'"),
    (('name = "OrgName"\n', ''),
     "mapping.toml row 8, column file[1].fields: companies needs name"),
    (('name = { join = ["Given", "Family"] }', 'name = { join = ["Given"], value = "x" }'),
     "mapping.toml row 20, column file[2].fields.name: give exactly one of column, join, "
     "template or value (got join, value)"),
    (('[values.levels]', '[values.levels'), "mapping.toml row 2: not TOML"),
])
def test_a_wrong_mapping_names_its_line_and_key(change, expected):
    text = GOOD.replace(*change)
    if expected is None:
        parse_mapping(text)
        return
    with pytest.raises(InvalidInput) as caught:
        parse_mapping(text)
    assert str(caught.value.problems[0]).startswith(expected), caught.value.problems[0]
    assert caught.value.message.startswith("bad mapping: mapping.toml row")


def test_a_mapping_extends_a_shipped_one_with_its_own_values(tmp_path):
    mapping = parse_mapping('name = "Our Salesforce"\nextends = "salesforce"\n'
                            '[values.stages]\n"Contract Sent" = "negotiation"\n'
                            '"Prospecting" = "qualified"\n')
    assert mapping.name == "Our Salesforce" and mapping.file == SF.file
    assert mapping.tables["stages"]["contract sent"] == "negotiation"
    assert mapping.tables["stages"]["prospecting"] == "qualified"  # changed
    assert mapping.tables["stages"]["closed won"] == "won"  # kept
    export = tmp_path / "export"
    export.mkdir()
    shutil.copy(SAMPLE / "Opportunity.csv", export)
    path = export / "Opportunity.csv"
    path.write_text(path.read_text().replace('"Qualification"', '"Contract Sent"'))
    translate(mapping, export, tmp_path / "out")
    stages = [r["stage"] for r in _rows(tmp_path / "out", "opportunities")]
    assert stages == ["negotiation", "won", "negotiation", "proposal", "lost", "qualified",
                      "qualified"]


@pytest.mark.parametrize(("text", "expected"), [
    ('extends = "pipedrive"\n', "mapping.toml row 1, column extends: no shipped mapping"),
    ('extends = "../salesforce"\n', "mapping.toml row 1, column extends: no shipped mapping"),
    ('extends = "salesforce"\n[[file]]\nsource = "A.csv"\n',
     "mapping.toml row 2, column file: a mapping that extends another gives only"),
])
def test_a_wrong_extension_is_named(text, expected):
    with pytest.raises(InvalidInput) as caught:
        parse_mapping(text)
    assert str(caught.value.problems[0]).startswith(expected)


def test_the_shipped_connectors_are_the_clis_choices():
    assert tuple(SOURCES.choices) == SHIPPED
    for name in SHIPPED:
        assert shipped(name).file


# --- splitting values and columns with a * ------------------------------------------

DEALS = """\
name = "Tiny deals"
[values.labels]
"Budget Holder" = "economic_buyer"

[[file]]
source = "Org.csv"
target = "companies"
[file.fields]
id = "OrgNo"
name = "OrgName"
industry = { value = "Other" }

[[file]]
source = "Person.csv"
target = "people"
[file.fields]
id = "PersonNo"
company_id = { column = "Orgs", transform = "first" }
name = "Name"

[[file]]
source = "Person.csv"
target = "people"
add_to = "previous_company_ids"
[file.fields]
id = "PersonNo"
previous_company_ids = { column = "Orgs", split = ";" }

[[file]]
source = "Deal.csv"
target = "opportunities"
ignore = ["People*"]
[file.fields]
id = "DealNo"
company_id = "OrgNo"
name = "Title"
stage = { value = "lead" }

[[file]]
source = "Deal.csv"
target = "roles"
keep_other_columns = false
[file.fields]
person_id = { column = "People (*)", split = ";" }
opportunity_id = "DealNo"
role = { template = "{*}", values = "labels" }
note = { template = "labelled {*}" }
"""


def _deals(tmp_path: Path, deals: str, people: str = "PersonNo,Name,Orgs\n"
           "p1,Ann,7\np2,Bo,7;8\np3,Cy, 8 ; 7;;8\n"):
    export = tmp_path / "export"
    export.mkdir()
    (export / "Org.csv").write_text("OrgNo,OrgName\n7,Acme\n8,Beta\n")
    (export / "Person.csv").write_text(people)
    (export / "Deal.csv").write_text(deals)
    result = translate(parse_mapping(DEALS), export, tmp_path / "out")
    report = validate(Bundle.open(tmp_path / "out"))
    return result, [str(result.provenance.rewrite(p)) for p in report.problems]


def test_a_split_value_and_a_star_column_make_a_row_several(tmp_path):
    result, problems = _deals(tmp_path, (
        "DealNo,OrgNo,Title,People (Budget Holder),People (Champion),People,Stage\n"
        'd1,7,Big,"p1;p2",p2 ,p3,x\n'
        "d2,8,Small,,,p1,y\n"  # no labelled contact: no role
        'd3,8,Third," ; p3;p3",,,z\n'))  # blanks dropped, each value once
    assert result.problems == [] and problems == []
    assert [(r["person_id"], r["opportunity_id"], r["role"], r["note"])
            for r in _rows(tmp_path / "out", "roles")] == [
        ("p1", "d1", "economic_buyer", "labelled Budget Holder"),
        ("p2", "d1", "economic_buyer", "labelled Budget Holder"),
        ("p2", "d1", "Champion", "labelled Champion"),  # not in the table: as it is
        ("p3", "d3", "economic_buyer", "labelled Budget Holder")]
    # The columns a * pattern ignores are not kept as attributes either.
    assert list(_rows(tmp_path / "out", "opportunities")[0]) == [
        "id", "company_id", "name", "stage", "Stage"]
    people = {r["id"]: (r["company_id"], r["previous_company_ids"])
              for r in _rows(tmp_path / "out", "people")}
    assert people == {"p1": ("7", ""), "p2": ("7", "8"), "p3": ("8", "7")}


def test_problems_of_split_and_star_rows_name_their_own_column(tmp_path):
    _result, problems = _deals(tmp_path, (
        "DealNo,OrgNo,Title,People (Budget Holder),People (Blocker),People (Coach!)\n"
        'd1,7,Big,"p1;p9",p2,p3\n'), people="PersonNo,Name,Orgs\np1,Ann,7\np2,Bo,7;9\n"
                                             "p3,Cy,8\n")
    assert problems == [
        "Person.csv row 3, column Orgs: no Org with id '9' in the export",
        "Deal.csv row 2, column People (Budget Holder): no Person with id 'p9' in the export",
        "Deal.csv row 2, column People (Coach!): Input should be 'decision_maker', "
        "'economic_buyer', 'influencer', 'champion', 'technical_evaluator', 'user', "
        "'gatekeeper' or 'blocker' (got 'Coach!'); add the value to [values.labels] of the "
        "mapping"]


def test_a_star_column_that_matches_nothing_gives_no_rows(tmp_path):
    result, problems = _deals(tmp_path, "DealNo,OrgNo,Title\nd1,7,Big\n")
    assert result.problems == [] and problems == []
    assert _rows(tmp_path / "out", "roles") == []
    assert result.read["Deal.csv"] == 1


@pytest.mark.parametrize(("change", "expected"), [
    (('note = { template = "labelled {*}" }', 'note = { column = "Notes", split = "," }'),
     "mapping.toml row 47, column file[5].fields.note: one field per entry may split or "
     "read a * column (here also person_id)"),
    (('name = "Name"', 'name = { template = "{*} x" }'),
     "mapping.toml row 19, column file[2].fields.name: {*} needs a field of this entry that "
     "reads a column with a *"),
    (('{ column = "People (*)", split = ";" }', '{ column = ["People (*)", "Lead"] }'),
     "mapping.toml row 44, column file[5].fields.person_id: a column with a * stands alone"),
    (('"People (*)"', '"People (*) (*)"'),
     "mapping.toml row 44, column file[5].fields.person_id: one * per column"),
    (('split = ";" }\nopportunity_id', 'split = "" }\nopportunity_id'),
     "mapping.toml row 44, column file[5].fields.person_id.split: String should have at "
     "least 1 character"),
])
def test_a_wrong_split_or_star_names_its_line(change, expected):
    assert change[0] in DEALS
    with pytest.raises(InvalidInput) as caught:
        parse_mapping(DEALS.replace(*change))
    assert str(caught.value.problems[0]).startswith(expected), caught.value.problems[0]


def test_slug_and_first_transforms():
    from graphprofile.connectors.transforms import TRANSFORMS
    assert TRANSFORMS["slug"]("  Lena Fischer ") == "lena-fischer"
    assert TRANSFORMS["slug"]("王 芳") == "王-芳"
    assert TRANSFORMS["slug"]("--") is None
    assert TRANSFORMS["first"]("; 9001 ;9002") == "9001"
    assert TRANSFORMS["first"](" ; ") is None


# --- the sample Salesforce export ---------------------------------------------------


def test_the_sample_export_translates_to_these_bundle_files(translated):
    assert translated.problems == []
    assert sorted(p.name for p in translated.folder.iterdir()) == [
        "account_team.csv", "colleagues.csv", "companies.csv", "departments.csv",
        "interactions.csv", "opportunities.csv", "people.csv", "relationships.csv", "roles.csv"]
    counts = {name: len(_rows(translated.folder, name)) for name in (
        "companies", "departments", "people", "colleagues", "relationships",
        "opportunities", "roles", "interactions")}
    assert counts == {"companies": 5, "departments": 19, "people": 28, "colleagues": 6,
                      "relationships": 28, "opportunities": 7, "roles": 11, "interactions": 7}
    report = validate(Bundle.open(translated.folder))
    assert report.ok, report.problems


def test_contacts_become_people_with_derived_departments(translated):
    people = {row["id"]: row for row in _rows(translated.folder, "people")}
    assert people["0035g00000C0006AAA"] == {
        "id": "0035g00000C0006AAA", "company_id": "0015g00000NORD1AAA",
        "name": "Jan Kowalski", "department_id": "0015g00000NORD1AAA-it",
        "title": "Senior Systems Engineer", "seniority": "senior",
        "reports_to": "0035g00000C0005AAA", "function": "it",
        "email": "jan.kowalski@nordwind-logistics.example", "phone": "",
        "previous_company_ids": "", "CreatedDate": "2025-03-01T09:00:00.000Z",
        "Languages__c": "English;German", "LeadSource": "Trade Show"}
    assert people["0035g00000C0025AAA"]["previous_company_ids"] == "0015g00000ORCA1AAA"
    assert people["0035g00000C0027AAA"]["department_id"] == ""  # no Department text
    assert people["0035g00000C0001AAA"]["phone"] == "'+00 555 0101"  # neutralised, read back
    departments = [(r["id"], r["name"], r["function"])
                   for r in _rows(translated.folder, "departments")
                   if r["company_id"] == "0015g00000BLUE1AAA"]
    assert departments == [
        ("0015g00000BLUE1AAA-clinical", "Clinical", "other"),
        ("0015g00000BLUE1AAA-executive", "Executive", "executive"),
        ("0015g00000BLUE1AAA-it", "IT", "it"),
        ("0015g00000BLUE1AAA-customer-service", "Customer Service", "customer_service")]


def test_roles_stages_and_activities_are_mapped(translated):
    roles = [(r["person_id"][-7:-3], r["role"], r["note"])
             for r in _rows(translated.folder, "roles")]
    assert roles[2] == ("0003", "technical_evaluator", "Salesforce role: Technical Buyer")
    assert roles[-1] == ("0025", "influencer", "")  # a blank role: the default
    assert [r["stage"] for r in _rows(translated.folder, "opportunities")] == [
        "negotiation", "won", "qualified", "proposal", "lost", "qualified", "lead"]
    opportunities = _rows(translated.folder, "opportunities")
    assert (opportunities[1]["expected_close"], opportunities[1]["closed"]) == ("", "2026-03-15")
    interactions = _rows(translated.folder, "interactions")
    assert [(r["id"][-6:-3], r["type"], r["opportunity_id"][-6:-3]) for r in interactions] == [
        ("K01", "call", "P01"), ("K02", "email", ""), ("K05", "proposal", "P04"),
        ("K06", "note", ""), ("T01", "demo", "P04"), ("T02", "meeting", "P01"),
        ("T03", "meeting", "P06")]
    assert translated.skipped["Task.csv (interactions)"] == 2  # a lead's task, one with nobody
    # Each account's owner, then its account team members, with their roles.
    team = [(r["company_id"][-7:-3], r["colleague_id"][-6:-3], r["role"])
            for r in _rows(translated.folder, "account_team")]
    assert team == [("ORD1", "R01", "owner"), ("ORD2", "R06", "owner"),
                    ("UAX1", "R05", "owner"), ("LUE1", "R01", "owner"),
                    ("RCA1", "R02", "owner"), ("ORD1", "R01", "Account Manager"),
                    ("ORD1", "R02", "Sales Engineer"), ("UAX1", "R05", "Account Manager"),
                    ("UAX1", "R03", "Customer Success Manager")]
    assert "account_team" not in _rows(translated.folder, "companies")[0]


def test_problems_are_reported_in_the_exports_terms(tmp_path):
    export = tmp_path / "export"
    shutil.copytree(SAMPLE, export)
    path = export / "Contact.csv"
    text = path.read_text(encoding="utf-8")
    # Contact.csv row 3 (C0002): an unknown manager; row 5 (C0004) a title too long.
    text = text.replace('"Chief Financial Officer","Finance","0035g00000C0001AAA"',
                        '"Chief Financial Officer","Finance","0035g00000NOBODYAA"')
    text = text.replace('"Head of Infrastructure"', '"' + "x" * 20_001 + '"')
    path.write_text(text, encoding="utf-8")
    (export / "User.csv").unlink()  # any file may be absent; what refers to it fails
    result = translate(SF, export, tmp_path / "out")
    report = validate(Bundle.open(tmp_path / "out"))
    problems = [str(result.provenance.rewrite(p)) for p in report.problems]
    assert problems[:3] == [
        "Contact.csv row 3, column ReportsToId: no Contact with id '0035g00000NOBODYAA' in the "
        "export",
        "Contact.csv row 5, column Title: String should have at most 20000 characters",
        "Contact.csv row 2, column OwnerId: no User with id '0055g00000USR01AAA' in the "
        "export",
    ]
    # and the two above, every contact owner, account owner, account team member,
    # opportunity owner and activity owner
    assert len(problems) == 2 + 28 + 5 + 4 + 7 + 7
    assert all(p.startswith(("Contact.csv", "Account.csv", "AccountTeamMember.csv",
                             "Opportunity.csv", "Task.csv", "Event.csv")) for p in problems)
    assert "Account.csv row 2, column OwnerId: no User with id '0055g00000USR01AAA' in the " \
        "export" in problems


def test_a_reporting_loop_names_the_exports_rows(tmp_path):
    export = tmp_path / "export"
    export.mkdir()
    (export / "Account.csv").write_text("Id,Name\n001A,Acme\n")
    (export / "Contact.csv").write_text(
        "Id,AccountId,LastName,ReportsToId\n003A,001A,Ames,003B\n003B,001A,Bell,003A\n")
    result = translate(SF, export, tmp_path / "out")
    report = validate(Bundle.open(tmp_path / "out"))
    assert [str(result.provenance.rewrite(p)) for p in report.problems] == [
        "Contact.csv row 2, column ReportsToId: reporting loop: 003A → 003B → 003A "
        "(Contact.csv row 2, Contact.csv row 3)"]


def test_a_required_column_missing_from_the_export_is_named(tmp_path):
    export = tmp_path / "export"
    export.mkdir()
    (export / "Account.csv").write_text("Id,Industry\n001A,Banking\n")
    result = translate(SF, export, tmp_path / "out")
    assert [str(p) for p in result.problems] == [
        "Account.csv, column Name: missing column (the mapping reads it for companies.name)"]


def test_unreadable_rows_are_named_in_the_exports_terms(tmp_path):
    export = tmp_path / "export"
    export.mkdir()
    (export / "Account.csv").write_bytes(
        b"Id,Name,Industry\n001A,Acme,Banking\n001B,Beta,Banking,surplus\n001C,\xff,Banking\n")
    result = translate(SF, export, tmp_path / "out")
    assert [str(p) for p in result.problems] == [
        "Account.csv row 3: 4 cells but 3 columns in the header",
        "Account.csv row 4: not valid UTF-8"]


# --- departments, seniority, spellings ----------------------------------------------


@pytest.mark.parametrize(("text", "name", "function"), [
    ("IT", "IT", Function.IT), ("Information Technology", "IT", Function.IT),
    ("  it  dept ", "IT", Function.IT), ("I.T.", "IT", Function.IT),
    ("信息技术部", "IT", Function.IT), ("Human Resources", "Human Resources", Function.HR),
    ("HR", "Human Resources", Function.HR), ("人力资源部", "Human Resources", Function.HR),
    ("Purchasing", "Procurement", Function.PROCUREMENT), ("采购部", "Procurement",
                                                          Function.PROCUREMENT),
    ("R&D", "Engineering", Function.ENGINEERING),
    ("Group Treasury", "Group Treasury", Function.FINANCE),
    ("Facilities", "Facilities", Function.OTHER),
])
def test_departments_are_normalised(text, name, function):
    department = normalise_department(text)
    assert department is not None
    assert (department.name, department.function) == (name, function)


@pytest.mark.parametrize(("title", "level"), [
    ("Chief Executive Officer", "c_level"), ("CFO", "c_level"), ("CxO", "c_level"),
    ("President", "c_level"), ("Managing Director", "c_level"), ("总裁", "c_level"),
    ("首席财务官", "c_level"), ("总经理", "c_level"),
    ("Vice President, Sales", "vp"), ("SVP Engineering", "vp"), ("副总裁", "vp"),
    ("副总经理", "vp"),
    ("Director of IT", "director"), ("Head of Procurement", "director"), ("财务总监", "director"),
    ("IT Manager", "manager"), ("Senior Manager, Finance", "manager"), ("采购经理", "manager"),
    ("Team Lead", "senior"), ("Supervisor", "senior"), ("运维主管", "senior"),
    ("Senior Data Analyst", "senior"), ("Junior Developer", "junior"), ("实习生", "junior"),
    ("Data Analyst", "staff"), ("风控专员", "staff"), ("Assistant to the CEO", "staff"),
    ("总裁助理", "staff"),
    ("Controller", None), ("", None), (None, None),
])
def test_seniority_from_titles(title, level):
    found = seniority_from_title(title)
    assert (found.value if found else None) == level


def test_colleague_functions_from_department_and_title():
    assert [colleague_function(t) for t in (
        "Presales Solutions Engineer", "Customer Success Manager", "Support Engineer",
        "Sales Account Executive", "Marketing", "Sales VP Sales", "售前 工程师")] == [
        "presales", "customer_success", "support", "sales", "marketing", "sales", "presales"]


@pytest.mark.parametrize(("enum", "text", "value"), [
    (Seniority, "C-Level", "c_level"), (Seniority, "VP", "vp"),
    (Seniority, "Individual Contributor", "staff"), (Seniority, "vice president", "vp"),
    (Role, "Decision-Maker", "decision_maker"), (Role, "coach", "champion"),
    (OpportunityStage, "Closed Won", "won"), (InteractionType, "E-mail", "email"),
    (ColleagueFunction, "Pre-Sales", "presales"), (Function, "Human Resources", "hr"),
])
def test_enum_values_accept_common_spellings(enum, text, value):
    assert enum(text).value == value


def test_a_record_takes_the_spellings_and_refuses_the_rest():
    assert Person(id="p", company_id="c", name="N", seniority="C-Level").seniority == "c_level"
    with pytest.raises(ValueError, match="Input should be"):
        Person(id="p", company_id="c", name="N", seniority="Grand Poobah")


# --- the command line ---------------------------------------------------------------


def test_from_and_mapping_are_exclusive(tmp_path):
    mapping = tmp_path / "m.toml"
    mapping.write_text(GOOD)
    result = CliRunner().invoke(main, ["import", str(SAMPLE), "--from", "salesforce",
                                       "--mapping", str(mapping)])
    assert result.exit_code == 2 and "not both" in result.output


def test_a_wrong_mapping_is_refused_before_the_store_starts(tmp_path):
    mapping = tmp_path / "m.toml"
    mapping.write_text(GOOD.replace('target = "people"', 'target = "persons"'))
    result = CliRunner().invoke(main, ["validate", str(SAMPLE), "--mapping", str(mapping),
                                       "--json"])
    assert result.exit_code == 1
    problem = json.loads(result.output)["problems"][0]
    assert (problem["file"], problem["row"], problem["column"]) == (
        "m.toml", 15, "file[2].target")
