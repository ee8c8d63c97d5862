"""Cross-sell's "way in" to a department, on a hand-built account."""

from __future__ import annotations

from datetime import date

from graphprofile.graph import account_graph
from graphprofile.models import (
    AccountSnapshot,
    Colleague,
    Company,
    Department,
    Person,
    Relationship,
)
from web.pages import department_entry

AS_OF = date(2026, 11, 23)


def _graph():
    # ceo (exec) <- cfo (fin) <- analyst (fin); ops_head (ops) reports to ceo; hr is empty.
    # Our colleague c1 knows the cfo well (strength 4): the cfo is engaged.
    people = [
        Person(id="ceo", company_id="acme", name="Cleo CEO", department_id="exec",
               seniority="c_level"),
        Person(id="cfo", company_id="acme", name="Finn CFO", department_id="fin",
               seniority="c_level", reports_to="ceo"),
        Person(id="analyst", company_id="acme", name="Ana Lyst", department_id="fin",
               seniority="staff", reports_to="cfo"),
        Person(id="ops_head", company_id="acme", name="Otto Ops", department_id="ops",
               seniority="director", reports_to="ceo"),
    ]
    departments = [Department(id=d, company_id="acme", name=d.upper(), function=f)
                   for d, f in (("exec", "executive"), ("fin", "finance"),
                                ("ops", "operations"), ("hr", "hr"))]
    return account_graph(AccountSnapshot(
        company=Company(id="acme", name="Acme", industry="manufacturing"),
        departments=departments, people=people,
        colleagues=[Colleague(id="c1", name="Casey Rep", function="sales")],
        relationships=[Relationship(colleague_id="c1", person_id="cfo", strength=4)]))


def test_an_engaged_member_is_the_way_in():
    entry = department_entry(_graph(), "fin", as_of=AS_OF)
    assert entry["kind"] == "engaged" and entry["person_id"] == "cfo"
    assert "Casey Rep" in entry["text"]


def test_otherwise_the_warm_path_to_the_most_influential_member():
    # c1 -> cfo (4/5 = 0.8) -> ceo (reporting line 0.6) -> ops_head (0.6): 0.288
    entry = department_entry(_graph(), "ops", as_of=AS_OF)
    assert entry["kind"] == "path" and entry["person_id"] == "ops_head"
    assert entry["text"] == "warm path 0.29: Casey Rep → Finn CFO → Cleo CEO → Otto Ops"


def test_an_empty_department_has_no_way_in_yet():
    assert department_entry(_graph(), "hr", as_of=AS_OF)["kind"] == "none"
