"""Consistency checks on small accounts built from records, each problem placed by hand."""

from __future__ import annotations

from graphprofile.analytics.consistency import check
from graphprofile.graph import account_graph
from graphprofile.models import (
    AccountSnapshot,
    Colleague,
    Company,
    Department,
    Opportunity,
    Person,
    Relationship,
    RoleAssignment,
)

ACME = Company(id="acme", name="Acme", industry="banking")


def account(**kw) -> list[dict]:
    return check(account_graph(AccountSnapshot(company=ACME, **kw)))


def person(pid: str, **kw) -> Person:
    return Person(id=pid, company_id="acme", name=pid, **kw)


def test_a_clean_account_has_no_problem():
    assert account(people=[person("boss"), person("ann", reports_to="boss")]) == []


def test_a_reporting_loop_names_its_people():
    [problem] = account(people=[person("a", reports_to="b"), person("b", reports_to="a"),
                                person("c", reports_to="a")])
    assert problem["kind"] == "reporting_cycle" and problem["people"] == ["a", "b"]
    assert "a -> b -> a" in problem["detail"]


def test_a_manager_or_department_at_another_company_is_two_places():
    found = account(departments=[Department(id="d1", company_id="acme", name="IT", function="it")],
                    people=[person("ann", reports_to="elsewhere-boss", department_id="d1"),
                            person("bob", department_id="other-dept")])
    assert [(p["kind"], p["people"]) for p in found] == [("two_places", ["ann"]),
                                                         ("two_places", ["bob"])]
    assert "elsewhere-boss" in found[0]["detail"] and "other-dept" in found[1]["detail"]


def test_roles_of_different_stances_on_one_deal_conflict_but_not_across_deals():
    opps = [Opportunity(id=o, company_id="acme", name=o, stage="qualified")
            for o in ("o1", "o2")]
    roles = [RoleAssignment(person_id="ann", role="champion", opportunity_id="o1",
                            stance="supporter"),
             RoleAssignment(person_id="ann", role="user", opportunity_id="o1",
                            stance="opponent"),
             RoleAssignment(person_id="ann", role="user", opportunity_id="o2",
                            stance="neutral"),
             RoleAssignment(person_id="bob", role="blocker", opportunity_id="o2"),
             RoleAssignment(person_id="bob", role="champion", opportunity_id="o2")]
    found = account(people=[person("ann"), person("bob")], opportunities=opps, roles=roles)
    assert [(p["kind"], p["people"], p["detail"]) for p in found] == [
        ("conflicting_roles", ["ann"], "on o1: stances opponent, supporter for roles "
                                       "champion, user"),
        ("conflicting_roles", ["bob"], "on o2: both blocker and champion")]


def test_a_colleague_who_left_still_holding_relationships():
    found = account(people=[person("ann"), person("bob")],
                    colleagues=[Colleague(id="c1", name="C", function="sales", active=False),
                                Colleague(id="c2", name="D", function="sales")],
                    relationships=[Relationship(colleague_id="c1", person_id="bob", strength=3),
                                   Relationship(colleague_id="c1", person_id="ann", strength=2),
                                   Relationship(colleague_id="c2", person_id="ann", strength=4)])
    assert [(p["kind"], p["people"]) for p in found] == [("colleague_left", ["ann", "bob"])]
    assert "c1" in found[0]["fix"]


def test_mentor_and_supporter_on_one_deal_agree():
    opp = Opportunity(id="o1", company_id="acme", name="o1", stage="qualified")
    roles = [RoleAssignment(person_id="ann", role="champion", opportunity_id="o1",
                            stance="mentor"),
             RoleAssignment(person_id="ann", role="user", opportunity_id="o1",
                            stance="supporter")]
    assert account(people=[person("ann")], opportunities=[opp], roles=roles) == []


def test_the_five_step_stance_and_its_spellings():
    from graphprofile.models import Stance

    assert [Stance(v).value for v in ("Mentor", "non-supporter", "Enemy", "coach",
                                      "opponent")] == [
        "mentor", "non_supporter", "enemy", "mentor", "opponent"]
