"""The sample Salesforce export imported into a real Neo4j: the graph exactly, a second
import changing nothing, and a broken copy refused whole, in Salesforce's terms."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphprofile import services
from graphprofile.cli import main
from graphprofile.config import PROJECT_ROOT
from graphprofile.errors import InvalidInput
from graphprofile.services.connectors import import_export, mapping_of, validate_export

SAMPLE = PROJECT_ROOT / "fixtures" / "salesforce"
AS_OF = date(2026, 11, 23)
SF = mapping_of("salesforce")
NORD, NORD_PL, HUAX, BLUE, ORCA = (f"0015g00000{n}AAA" for n in (
    "NORD1", "NORD2", "HUAX1", "BLUE1", "ORCA1"))


def C(n: int) -> str:
    return f"0035g00000C{n:04d}AAA"


def U(n: int) -> str:
    return f"0055g00000USR0{n}AAA"


def O(n: int) -> str:  # noqa: E743 (an opportunity id, as in the sample)
    return f"0065g00000OPP0{n}AAA"


EXPECTED = {
    "nodes": {"Company": 5, "Department": 19, "Person": 28, "Colleague": 6, "Product": 0,
              "Opportunity": 7, "Interaction": 7},
    "relationships": {
        "SUBSIDIARY_OF": 1, "PART_OF": 19, "SUB_UNIT_OF": 0, "WORKS_AT": 28,
        "MEMBER_OF": 27, "REPORTS_TO": 23 + 5, "DOTTED_LINE_TO": 0, "PREVIOUSLY_AT": 2,
        "INFLUENCES": 0,
        "KNOWS": 28, "ON_ACCOUNT_TEAM": 5 + 4, "USES": 0, "FOR_ACCOUNT": 7,
        "IN_DEPARTMENT": 0, "FOR_PRODUCT": 0,
        "OWNED_BY": 7, "HAS_ROLE": 11, "BY": 7, "WITH": 7, "ABOUT": 5,
    },
}


def _pairs(store, query: str) -> list[tuple]:
    return store.read_tx(lambda tx: sorted(tuple(r.values()) for r in tx.run(query)))


def _counts(data: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    return {part: {k: v for k, v in counts.items() if v} for part, counts in data.items()}


def test_the_sample_export_imports_exactly(store):
    done = import_export(store, SAMPLE, SF, actor="tester")
    assert _counts(services.stats(store)) == _counts(EXPECTED)
    assert done.read["Contact.csv"] == 28 and done.read["Task.csv"] == 6
    assert done.skipped == {"Task.csv (interactions)": 2,
                            "AccountContactRelation.csv (people)": 2,
                            "Contact.csv (departments)": 1}
    # Reporting lines, by Salesforce id.
    lines = _pairs(store, "MATCH (a:Person)-[:REPORTS_TO]->(b:Person) RETURN a.id, b.id")
    assert (C(5), C(4)) in lines and (C(18), C(16)) in lines and len(lines) == 23
    managers = _pairs(store, "MATCH (a:Colleague)-[:REPORTS_TO]->(b:Colleague) "
                             "RETURN a.id, b.id")
    assert managers == [(U(1), U(5)), (U(2), U(5)), (U(3), U(5)), (U(4), U(3)), (U(6), U(5))]
    # Departments derived per account: synonyms and spellings merged, function inferred.
    departments = _pairs(store, f"MATCH (d:Department)-[:PART_OF]->(:Company {{id: '{NORD}'}})"
                                " RETURN d.id, d.name, d.function")
    assert departments == [
        (f"{NORD}-executive", "Executive", "executive"), (f"{NORD}-finance", "Finance", "finance"),
        (f"{NORD}-it", "IT", "it"), (f"{NORD}-operations", "Operations", "operations"),
        (f"{NORD}-procurement", "Procurement", "procurement")]
    it_people = _pairs(store, f"MATCH (p:Person)-[:MEMBER_OF]->(:Department {{id: '{NORD}-it'}})"
                              " RETURN p.id")
    # Departments "IT", "Information Technology", "it " and "I.T.": one department.
    assert it_people == [(C(3),), (C(4),), (C(5),), (C(6),)]
    huaxing = _pairs(store, f"MATCH (d:Department {{company_id: '{HUAX}'}}) "
                            "RETURN d.name, d.function")
    assert huaxing == [("Data", "data"), ("Executive", "executive"), ("IT", "it"),
                       ("Operations", "operations"), ("Procurement", "procurement"),
                       ("Risk", "risk")]
    # Contact roles and stages mapped onto ours.
    roles = _pairs(store, "MATCH (p:Person)-[r:HAS_ROLE]->(o:Opportunity) "
                          "RETURN o.id, p.id, r.role")
    assert roles == sorted([
        (O(1), C(1), "decision_maker"), (O(1), C(2), "economic_buyer"),
        (O(1), C(3), "technical_evaluator"), (O(1), C(5), "user"), (O(2), C(3), "champion"),
        (O(3), C(11), "economic_buyer"), (O(4), C(16), "decision_maker"),
        (O(4), C(18), "technical_evaluator"), (O(4), C(20), "influencer"),
        (O(6), C(24), "influencer"), (O(6), C(25), "influencer")])
    stages = _pairs(store, "MATCH (o:Opportunity) RETURN o.id, o.stage, o.closed IS NOT NULL")
    assert stages == [(O(1), "negotiation", False), (O(2), "won", True),
                      (O(3), "qualified", False), (O(4), "proposal", False),
                      (O(5), "lost", True), (O(6), "qualified", False), (O(7), "lead", False)]
    # Seniority inferred from the titles, English and Chinese.
    seniority = dict(_pairs(store, "MATCH (p:Person) RETURN p.id, p.seniority"))
    assert [seniority[C(n)] for n in (1, 4, 5, 6, 9, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22)] == [
        "c_level", "director", "manager", "senior", "vp", "senior", "junior", "c_level",
        "c_level", "vp", "director", "senior", "manager", "staff", "senior"]
    assert seniority[C(8)] is None and seniority[C(27)] is None  # Controller, Buyer: unknown
    # Names, previous employers, extra columns, our colleagues and the account team.
    names = dict(_pairs(store, "MATCH (p:Person) RETURN p.id, p.name"))
    assert names[C(1)] == "Katrin Vogel" and names[C(15)] == "王建国"
    assert _pairs(store, "MATCH (p:Person)-[:PREVIOUSLY_AT]->(c:Company) RETURN p.id, c.id") == [
        (C(12), NORD), (C(25), ORCA)]
    assert _pairs(store, f"MATCH (p:Person {{id: '{C(1)}'}}) RETURN p.Languages__c, p.phone") == [
        ("English;German", "+00 555 0101")]
    colleagues = _pairs(store, "MATCH (c:Colleague) RETURN c.id, c.function, c.active")
    assert colleagues == [(U(1), "sales", True), (U(2), "presales", True),
                          (U(3), "customer_success", True), (U(4), "support", True),
                          (U(5), "sales", True), (U(6), "sales", False)]
    assert _pairs(store, f"MATCH (c:Company {{id: '{NORD}'}}) RETURN c.OwnerId, c.Type") == [
        (None, "Customer - Direct")]  # the owner is a line, not a property
    assert _pairs(store, f"MATCH (u:Colleague)-[t:ON_ACCOUNT_TEAM]->(:Company {{id: '{NORD}'}})"
                         " RETURN u.id, t.role") == [
        (U(1), "Account Manager"), (U(1), "owner"), (U(2), "Sales Engineer")]
    interactions = _pairs(store, "MATCH (i:Interaction)-[:WITH]->(p:Person) "
                                 "RETURN i.id, i.type, toString(i.date), p.id")
    assert interactions == [
        ("00T5g00000TSK01AAA", "call", "2026-10-02", C(5)),
        ("00T5g00000TSK02AAA", "email", "2026-10-15", C(3)),
        ("00T5g00000TSK05AAA", "proposal", "2026-11-03", C(18)),
        ("00T5g00000TSK06AAA", "note", "2026-11-10", C(26)),
        ("00U5g00000EVT01AAA", "demo", "2026-09-22", C(16)),
        ("00U5g00000EVT02AAA", "meeting", "2026-11-18", C(1)),
        ("00U5g00000EVT03AAA", "meeting", "2026-10-28", C(24))]


def test_a_second_import_changes_nothing(store, tmp_path):
    import_export(store, SAMPLE, SF)
    services.export_bundle(store, tmp_path / "first")
    first = services.stats(store)
    import_export(store, SAMPLE, SF)
    services.export_bundle(store, tmp_path / "second")
    assert services.stats(store) == first
    for path in sorted((tmp_path / "first").iterdir()):
        assert path.read_bytes() == (tmp_path / "second" / path.name).read_bytes(), path.name


def _team(store) -> list[tuple]:
    return _pairs(store, "MATCH (u:Colleague)-[t:ON_ACCOUNT_TEAM]->(c:Company) "
                         "RETURN c.id, u.id, t.role")


def test_a_newer_export_with_another_account_owner_updates_in_place(store, tmp_path):
    import_export(store, SAMPLE, SF)
    before = _team(store)
    assert (NORD, U(1), "owner") in before
    newer = tmp_path / "newer"
    shutil.copytree(SAMPLE, newer)
    accounts = (newer / "Account.csv").read_text(encoding="utf-8")
    row = next(line for line in accounts.splitlines() if line.startswith(f'"{NORD}"'))
    (newer / "Account.csv").write_text(
        accounts.replace(row, row.replace(f'"{U(1)}"', f'"{U(5)}"')), encoding="utf-8")
    import_export(store, newer, SF)
    # Nordwind has one owner, the new one; its team members are as they were.
    after = [r for r in before if r != (NORD, U(1), "owner")] + [(NORD, U(5), "owner")]
    assert _team(store) == sorted(after)
    assert (NORD, U(1), "Account Manager") in after


def test_an_export_without_contacts_gives_every_account_as_a_gap(store, tmp_path):
    # Accounts, their owners and deals: no contact yet. Every account counts, and each
    # is worked by someone of ours with no one mapped.
    bare = tmp_path / "bare"
    bare.mkdir()
    for name in ("Account.csv", "User.csv", "Opportunity.csv"):
        shutil.copy(SAMPLE / name, bare / name)
    import_export(store, bare, SF)
    ids = sorted([NORD, NORD_PL, HUAX, BLUE, ORCA])
    assert services.account_ids(store) == ids
    found = services.gaps(store, as_of=AS_OF)["companies"]
    assert [(c["company_id"], c["no_one_mapped"]) for c in found] == [(i, True) for i in ids]
    risk = services.rep_risk(store, U(1), as_of=AS_OF)
    assert NORD in risk["weakened"]
    nord = next(a for a in risk["accounts"] if a["company_id"] == NORD)
    assert nord["owns_account"] is True


def _broken(tmp_path: Path) -> Path:
    copy = tmp_path / "export"
    shutil.copytree(SAMPLE, copy)

    def edit(name: str, old: str, new: str) -> None:
        path = copy / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    # Contact.csv row 7 (C0006) names an account that is not in the export.
    edit("Contact.csv", f'"{C(6)}","false","{NORD}"', f'"{C(6)}","false","0015g00000GONE1AAA"')
    edit("Opportunity.csv", '"Qualification"', '"Contract Sent"')  # row 4: no such stage
    edit("Account.csv", '"4200"', '"about 4200"')  # row 2: not a number
    edit("OpportunityContactRole.csv", f'"{C(16)}"', '"0035g00000NOONEAAA"')  # row 8
    edit("AccountContactRelation.csv", f'"{C(12)}"', '"0035g00000NOONEAAA"')  # row 5
    edit("Task.csv", '"00T5g00000TSK02AAA"', '"00T5g00000TSK01AAA"')  # row 3: id twice
    return copy


def test_a_broken_export_is_reported_whole_in_salesforce_terms(store, tmp_path):
    with pytest.raises(InvalidInput) as caught:
        import_export(store, _broken(tmp_path), SF)
    assert [str(p) for p in caught.value.problems] == [
        "Account.csv row 2, column NumberOfEmployees: Input should be a valid integer, "
        "unable to parse string as an integer (got 'about 4200')",
        "Contact.csv row 7, column AccountId: no Account with id '0015g00000GONE1AAA' in the "
        "export or the store",
        "Contact.csv row 7, column ReportsToId: manager '0035g00000C0005AAA' belongs to "
        f"company '{NORD}', not '0015g00000GONE1AAA' (the person's company)",
        "AccountContactRelation.csv row 5, column ContactId: no Contact with id "
        "'0035g00000NOONEAAA' in the export",
        "Opportunity.csv row 4, column StageName: Input should be 'lead', 'qualified', "
        "'proposal', 'negotiation', 'won' or 'lost' (got 'Contract Sent'); add the value to "
        "[values.stages] of the mapping",
        "OpportunityContactRole.csv row 8, column ContactId: no Contact with id "
        "'0035g00000NOONEAAA' in the export or the store",
        "Task.csv row 3, column Id: duplicate of Task.csv row 2",
    ]
    assert "nothing was written" in caught.value.message
    assert _counts(services.stats(store)) == {"nodes": {}, "relationships": {}}
    with pytest.raises(InvalidInput):
        validate_export(store, tmp_path / "export", SF)


def test_a_folder_without_the_exports_files_is_refused(store, tmp_path):
    (tmp_path / "people.csv").write_text("id,company_id,name\n")
    with pytest.raises(InvalidInput, match="none of the export's files found; expected any "
                                           "of Account.csv, AccountTeamMember.csv"):
        import_export(store, tmp_path, SF)


def test_validate_writes_nothing(store):
    done = validate_export(store, SAMPLE, SF)
    assert done.rows["people"] == 28 and done.rows["departments"] == 19
    assert _counts(services.stats(store)) == {"nodes": {}, "relationships": {}}


def test_the_cli_imports_and_validates_an_export(store, cli_env, tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["validate", str(SAMPLE), "--from", "salesforce", "--json"],
                           env=cli_env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["rows"]["people"] == 28
    result = runner.invoke(main, ["import", str(SAMPLE), "--from", "salesforce", "--json"],
                           env=cli_env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["imported"]["people"] == 28 and data["total"] == 120
    assert data["read"]["Contact.csv"] == 28
    result = runner.invoke(main, ["import", str(SAMPLE), "--from", "salesforce"], env=cli_env)
    assert result.exit_code == 0, result.output
    # the same export again: every row unchanged since the first import, none written
    assert "imported 0 rows from" in result.output
    assert "Task.csv (interactions): 2 rows left out by the mapping" in result.output
    result = runner.invoke(main, ["import", str(_broken(tmp_path)), "--from", "salesforce"],
                           env=cli_env)
    assert result.exit_code == 1
    assert "  Contact.csv row 7, column AccountId: no Account with id" in result.output
