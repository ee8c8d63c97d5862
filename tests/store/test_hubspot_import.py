"""The sample HubSpot export imported into a real Neo4j: the graph exactly, a second import
changing nothing, and a broken copy refused whole, in HubSpot's terms."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphprofile import services
from graphprofile.cli import main
from graphprofile.config import PROJECT_ROOT
from graphprofile.errors import InvalidInput
from graphprofile.services.connectors import import_export, mapping_of, validate_export

SAMPLE = PROJECT_ROOT / "fixtures" / "hubspot"
HS = mapping_of("hubspot")
ALTMARK, SERVICE, CHENGHE, BRIGHTWATER = (f"187000000{n}" for n in range(1, 5))


def C(n: int) -> str:  # a contact's Record ID, as in the sample
    return f"20100000{n:02d}"


def D(n: int) -> str:  # a deal's Record ID
    return f"14500000{n:02d}"


EXPECTED = {
    "nodes": {"Company": 4, "Department": 10, "Person": 14, "Colleague": 5, "Product": 0,
              "Opportunity": 7, "Interaction": 0},
    "relationships": {
        "SUBSIDIARY_OF": 1, "PART_OF": 10, "SUB_UNIT_OF": 0, "WORKS_AT": 14,
        "MEMBER_OF": 13, "REPORTS_TO": 11, "DOTTED_LINE_TO": 0, "PREVIOUSLY_AT": 1,
        "INFLUENCES": 0,
        "KNOWS": 13, "ON_ACCOUNT_TEAM": 4, "USES": 0, "FOR_ACCOUNT": 7, "IN_DEPARTMENT": 0,
        "FOR_PRODUCT": 0, "OWNED_BY": 7, "HAS_ROLE": 17, "BY": 0, "WITH": 0, "ABOUT": 0,
    },
}


def _pairs(store, query: str) -> list[tuple]:
    return store.read_tx(lambda tx: sorted(tuple(r.values()) for r in tx.run(query)))


def _counts(data: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    return {part: {k: v for k, v in counts.items() if v} for part, counts in data.items()}


def test_the_sample_export_imports_exactly(store):
    done = import_export(store, SAMPLE, HS, actor="tester")
    assert _counts(services.stats(store)) == _counts(EXPECTED)
    assert done.read == {"companies.csv": 4, "contacts.csv": 14, "deals.csv": 7,
                         "users.csv": 4}
    # Rows the mapping leaves out: a contact without a job function gives no department,
    # and one without an owner no relationship (nor an owner to add as a colleague).
    assert done.skipped == {"contacts.csv (departments)": 1, "contacts.csv (colleagues)": 1,
                            "contacts.csv (relationships)": 1}
    # HubSpot's record ids kept; the parent company from its association label.
    companies = _pairs(store, "MATCH (c:Company) OPTIONAL MATCH (c)-[:SUBSIDIARY_OF]->(p) "
                              "RETURN c.id, c.name, p.id")
    assert companies == [(ALTMARK, "Altmark Maschinenbau GmbH", None),
                         (SERVICE, "Altmark Service GmbH", ALTMARK),
                         (CHENGHE, "澄河物流有限公司", None),
                         (BRIGHTWATER, "Brightwater Clinics Ltd", None)]
    # Reporting lines from the contacts' Manager association label.
    lines = _pairs(store, "MATCH (a:Person)-[:REPORTS_TO]->(b:Person) RETURN a.id, b.id")
    assert lines == [(C(2), C(1)), (C(3), C(1)), (C(4), C(3)), (C(5), C(4)), (C(6), C(2)),
                     (C(7), C(1)), (C(9), C(8)), (C(11), C(10)), (C(12), C(11)),
                     (C(13), C(10)), (C(14), C(10))]
    # Departments from the job function text, per company: spellings and synonyms meet.
    departments = _pairs(store, "MATCH (d:Department)-[:PART_OF]->(c:Company) "
                                "RETURN c.id, d.id, d.name, d.function")
    assert departments == sorted([
        (ALTMARK, f"{ALTMARK}-executive", "Executive", "executive"),
        (ALTMARK, f"{ALTMARK}-finance", "Finance", "finance"),
        (ALTMARK, f"{ALTMARK}-it", "IT", "it"),
        (ALTMARK, f"{ALTMARK}-procurement", "Procurement", "procurement"),
        (SERVICE, f"{SERVICE}-customer-service", "Customer Service", "customer_service"),
        (SERVICE, f"{SERVICE}-executive", "Executive", "executive"),
        (CHENGHE, f"{CHENGHE}-executive", "Executive", "executive"),
        (CHENGHE, f"{CHENGHE}-finance", "Finance", "finance"),
        (CHENGHE, f"{CHENGHE}-it", "IT", "it"),
        (CHENGHE, f"{CHENGHE}-procurement", "Procurement", "procurement")])
    members = _pairs(store, "MATCH (p:Person)-[:MEMBER_OF]->(d:Department) "
                            "WHERE d.name = 'IT' RETURN d.id, p.id")
    # "Information Technology", "IT", "it dept"; 信息技术部 and 信息技术: one department each.
    assert members == [(f"{ALTMARK}-it", C(3)), (f"{ALTMARK}-it", C(4)),
                       (f"{ALTMARK}-it", C(5)), (f"{CHENGHE}-it", C(11)),
                       (f"{CHENGHE}-it", C(12))]
    # Association labels on deals as roles, and the contacts' Buying Role account-wide.
    roles = _pairs(store, "MATCH (p:Person)-[r:HAS_ROLE]->(o:Opportunity) "
                          "RETURN o.id, p.id, r.role")
    assert roles == sorted([
        (D(1), C(1), "decision_maker"), (D(1), C(2), "economic_buyer"),
        (D(1), C(3), "champion"), (D(1), C(4), "technical_evaluator"),
        (D(1), C(5), "technical_evaluator"), (D(2), C(8), "decision_maker"),
        (D(2), C(9), "user"), (D(3), C(10), "decision_maker"), (D(3), C(11), "champion"),
        (D(3), C(13), "blocker"), (D(5), C(6), "influencer"), (D(7), C(2), "economic_buyer")])
    account_wide = _pairs(store, "MATCH (p:Person)-[r:HAS_ROLE]->(c:Company) "
                                 "RETURN c.id, p.id, r.role, r.note")
    assert account_wide == sorted([
        (ALTMARK, C(1), "decision_maker", "HubSpot buying role"),
        (ALTMARK, C(2), "economic_buyer", "HubSpot buying role"),
        (ALTMARK, C(3), "champion", "HubSpot buying role"),
        (ALTMARK, C(3), "influencer", "HubSpot buying role"),
        (CHENGHE, C(10), "decision_maker", "HubSpot buying role")])
    # Deal stages, closed deals' close date as closed, owners as colleagues.
    deals = _pairs(store, "MATCH (o:Opportunity)-[:FOR_ACCOUNT]->(c:Company) "
                          "MATCH (o)-[:OWNED_BY]->(u:Colleague) RETURN o.id, c.id, o.stage, "
                          "toString(o.closed), toString(o.expected_close), u.id")
    assert deals == [
        (D(1), ALTMARK, "negotiation", None, "2027-01-31", "lena-fischer"),
        (D(2), SERVICE, "won", "2026-05-20", None, "tom-becker"),
        (D(3), CHENGHE, "proposal", None, "2027-02-28", "mei-lin"),
        (D(4), CHENGHE, "lost", "2026-03-10", None, "mei-lin"),
        (D(5), ALTMARK, "qualified", None, "2027-04-30", "lena-fischer"),
        (D(6), BRIGHTWATER, "lead", None, "2027-03-31", "grace-owusu"),
        (D(7), ALTMARK, "qualified", None, "2027-05-31", "omar-haddad")]
    # Seniority inferred from the job titles, English and Chinese.
    seniority = dict(_pairs(store, "MATCH (p:Person) RETURN p.id, p.seniority"))
    assert [seniority[C(n)] for n in range(1, 15)] == [
        "c_level", "c_level", "director", "manager", "senior", None, "staff", "c_level",
        "staff", "c_level", "vp", "senior", "manager", "director"]  # "Buyer": unknown
    # Names (a Chinese name whole in Last Name), another associated company, extra columns.
    names = dict(_pairs(store, "MATCH (p:Person) RETURN p.id, p.name"))
    assert (names[C(3)], names[C(10)]) == ("Sabine Krüger", "李伟")
    assert _pairs(store, "MATCH (p:Person)-[:PREVIOUSLY_AT]->(c:Company) RETURN p.id, c.id") == [
        (C(7), SERVICE)]
    assert _pairs(store, f"MATCH (p:Person {{id: '{C(3)}'}}) RETURN p.`Preferred Language`, "
                         "p.`Lead Status`, p.phone") == [("German;English", "Connected", None)]
    assert _pairs(store, f"MATCH (c:Company {{id: '{ALTMARK}'}}) RETURN c.`Customer Tier`, "
                         "c.`Company Domain Name`, c.lead_source") == [
        ("Gold", "altmark-maschinenbau.example", "Offline Sources")]
    # Our colleagues: the user list's, and a former owner named only on a deal.
    colleagues = _pairs(store, "MATCH (c:Colleague) RETURN c.id, c.name, c.function, "
                               "c.hubspot_user_id")
    assert colleagues == [("grace-owusu", "Grace Owusu", "customer_success", "61000004"),
                          ("lena-fischer", "Lena Fischer", "sales", "61000001"),
                          ("mei-lin", "Mei Lin", "sales", "61000003"),
                          ("omar-haddad", "Omar Haddad", "presales", "61000002"),
                          ("tom-becker", "Tom Becker", "sales", None)]
    knows = _pairs(store, "MATCH (c:Colleague)-[k:KNOWS]->(p:Person) "
                          "RETURN c.id, count(p), min(k.strength), max(k.source)")
    assert knows == [("grace-owusu", 2, 2, "HubSpot contact owner"),
                     ("lena-fischer", 7, 2, "HubSpot contact owner"),
                     ("mei-lin", 4, 2, "HubSpot contact owner")]
    owners = _pairs(store, "MATCH (u:Colleague)-[t:ON_ACCOUNT_TEAM]->(c:Company) "
                           "RETURN c.id, u.id, t.role")
    assert owners == [(ALTMARK, "lena-fischer", "owner"), (SERVICE, "grace-owusu", "owner"),
                      (CHENGHE, "mei-lin", "owner"), (BRIGHTWATER, "grace-owusu", "owner")]


def test_a_second_import_changes_nothing(store, tmp_path):
    import_export(store, SAMPLE, HS)
    services.export_bundle(store, tmp_path / "first")
    first = services.stats(store)
    import_export(store, SAMPLE, HS)
    services.export_bundle(store, tmp_path / "second")
    assert services.stats(store) == first
    for path in sorted((tmp_path / "first").iterdir()):
        assert path.read_bytes() == (tmp_path / "second" / path.name).read_bytes(), path.name


def _edit(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell of a sample file (row 1 is the header: a new column name)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    index = rows[0].index(column)
    assert row == 1 or rows[row - 1][index] != value
    rows[row - 1][index] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)


def _broken(tmp_path: Path) -> Path:
    copy = tmp_path / "export"
    shutil.copytree(SAMPLE, copy)
    _edit(copy / "companies.csv", 3, "Number of Employees", "about 120")
    # Felix Wagner's manager is not in the export; Anna Vogt's second company neither.
    _edit(copy / "contacts.csv", 5, "Associated Contact IDs (Manager)", "2010009999")
    _edit(copy / "contacts.csv", 8, "Associated Company IDs", f"{ALTMARK};1870000999")
    _edit(copy / "deals.csv", 2, "Deal Stage", "Verbal Commit")  # a custom stage
    # A custom association label (on deal 1: two contacts) and an unknown contact.
    _edit(copy / "deals.csv", 1, "Associated Contact IDs (Technical Evaluator)",
          "Associated Contact IDs (Procurement Lead)")
    _edit(copy / "deals.csv", 8, "Associated Contact IDs (Budget Holder)", "2010008888")
    _edit(copy / "deals.csv", 5, "Record ID", D(3))  # deal 4 takes deal 3's id
    return copy


def test_a_broken_export_is_reported_whole_in_hubspot_terms(store, tmp_path):
    with pytest.raises(InvalidInput) as caught:
        import_export(store, _broken(tmp_path), HS)
    assert [str(p) for p in caught.value.problems] == [
        "companies.csv row 3, column Number of Employees: Input should be a valid integer, "
        "unable to parse string as an integer (got 'about 120')",
        "contacts.csv row 5, column Associated Contact IDs (Manager): no contacts with id "
        "'2010009999' in the export or the store",
        "contacts.csv row 8, column Associated Company IDs: no companies with id '1870000999' "
        "in the export or the store",
        "deals.csv row 2, column Deal Stage: Input should be 'lead', 'qualified', 'proposal', "
        "'negotiation', 'won' or 'lost' (got 'Verbal Commit'); add the value to "
        "[values.stages] of the mapping",
        # two contacts under the label, one problem
        "deals.csv row 2, column Associated Contact IDs (Procurement Lead): Input should be "
        "'decision_maker', 'economic_buyer', 'influencer', 'champion', 'technical_evaluator', "
        "'user', 'gatekeeper' or 'blocker' (got 'Procurement Lead'); add the value to "
        "[values.contact_roles] of the mapping",
        "deals.csv row 5, column Record ID: duplicate of deals.csv row 4",
        "deals.csv row 8, column Associated Contact IDs (Budget Holder): no contacts with id "
        "'2010008888' in the export or the store",
    ]
    assert "nothing was written" in caught.value.message
    assert _counts(services.stats(store)) == {"nodes": {}, "relationships": {}}
    with pytest.raises(InvalidInput):
        validate_export(store, tmp_path / "export", HS)


def test_validate_writes_nothing(store):
    done = validate_export(store, SAMPLE, HS)
    assert done.rows["people"] == 14 and done.rows["roles"] == 17
    assert _counts(services.stats(store)) == {"nodes": {}, "relationships": {}}


def test_the_cli_imports_and_validates_a_hubspot_export(store, cli_env, tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["validate", str(SAMPLE), "--from", "hubspot", "--json"],
                           env=cli_env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["rows"]["people"] == 14
    result = runner.invoke(main, ["import", str(SAMPLE), "--from", "hubspot", "--json"],
                           env=cli_env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["imported"]["roles"] == 17 and data["total"] == 74
    result = runner.invoke(main, ["import", str(_broken(tmp_path)), "--from", "hubspot"],
                           env=cli_env)
    assert result.exit_code == 1
    assert "  companies.csv row 3, column Number of Employees: " in result.output
