"""account_graph and people_graph on tiny snapshots: node keys, relation keys, dangling refs."""

from __future__ import annotations

from datetime import date

import networkx as nx

from graphprofile.graph import account_graph, node_id, nodes_of_kind, people_graph
from graphprofile.models import (
    AccountSnapshot,
    Colleague,
    Company,
    Department,
    Deployment,
    Influence,
    Interaction,
    Opportunity,
    Person,
    Product,
    Relationship,
    RoleAssignment,
)

ACME = Company(id="acme", name="Acme", industry="banking")


def person(pid: str, **kw) -> Person:
    return Person(id=pid, company_id="acme", name=pid.upper(), **kw)


def full_snapshot() -> AccountSnapshot:
    return AccountSnapshot(
        company=ACME,
        departments=[
            Department(id="it", company_id="acme", name="IT", function="it"),
            Department(id="infra", company_id="acme", name="Infra", function="it",
                       parent_id="it"),
        ],
        people=[
            person("boss", department_id="it", seniority="c_level"),
            person("ann", department_id="infra", reports_to="boss"),
        ],
        influence=[Influence(source_id="ann", target_id="boss", strength=0.7)],
        colleagues=[Colleague(id="c1", name="C One", function="sales")],
        relationships=[Relationship(colleague_id="c1", person_id="ann", strength=4,
                                    last_contact=date(2026, 1, 2))],
        products=[Product(id="crm", name="CRM", category="crm", target_function="sales;it")],
        deployments=[Deployment(department_id="it", product_id="crm", vendor="Pipewise")],
        opportunities=[Opportunity(id="o1", company_id="acme", name="Deal", stage="proposal",
                                   department_id="it", product_id="crm")],
        roles=[RoleAssignment(person_id="boss", role="decision_maker", opportunity_id="o1"),
               RoleAssignment(person_id="ann", role="champion", stance="supporter")],
        interactions=[Interaction(id="i1", date=date(2026, 1, 3), colleague_id="c1",
                                  person_id="ann", type="demo", opportunity_id="o1")],
    )


def test_nodes_are_kind_id_tuples_with_record_fields():
    G = account_graph(full_snapshot())
    assert sorted(G) == [
        ("colleague", "c1"), ("company", "acme"), ("department", "infra"),
        ("department", "it"), ("opportunity", "o1"), ("person", "ann"), ("person", "boss"),
        ("product", "crm"),
    ]
    assert G.nodes["person", "boss"]["kind"] == "person"
    assert G.nodes["person", "boss"]["seniority"] == "c_level"
    assert G.nodes["product", "crm"]["target_function"] == ["sales", "it"]
    assert G.graph["company_id"] == "acme"
    assert nodes_of_kind(G, "department") == ["infra", "it"]
    assert node_id(("person", "ann")) == "ann"


def test_every_relation_has_its_key_and_direction():
    G = account_graph(full_snapshot())
    edges = sorted((u, v, k) for u, v, k in G.edges(keys=True))
    assert edges == [
        (("colleague", "c1"), ("person", "ann"), "interacted:i1"),
        (("colleague", "c1"), ("person", "ann"), "knows"),
        (("department", "infra"), ("company", "acme"), "part_of"),
        (("department", "infra"), ("department", "it"), "part_of"),
        (("department", "it"), ("company", "acme"), "part_of"),
        (("department", "it"), ("product", "crm"), "deployed:Pipewise"),
        (("opportunity", "o1"), ("company", "acme"), "opportunity"),
        (("opportunity", "o1"), ("department", "it"), "opportunity"),
        (("opportunity", "o1"), ("product", "crm"), "opportunity"),
        (("person", "ann"), ("company", "acme"), "role:champion"),
        (("person", "ann"), ("department", "infra"), "member_of"),
        (("person", "ann"), ("person", "boss"), "influences"),
        (("person", "ann"), ("person", "boss"), "reports_to"),
        (("person", "boss"), ("department", "it"), "member_of"),
        (("person", "boss"), ("opportunity", "o1"), "role:decision_maker"),
    ]
    ann, boss = ("person", "ann"), ("person", "boss")
    assert G.edges[ann, boss, "influences"]["strength"] == 0.7
    knows = G.edges[("colleague", "c1"), ann, "knows"]
    assert (knows["strength"], knows["last_contact"]) == (4, date(2026, 1, 2))
    met = G.edges[("colleague", "c1"), ann, "interacted:i1"]
    assert (met["date"], met["type"], met["opportunity_id"]) == (date(2026, 1, 3), "demo", "o1")
    role = G.edges[boss, ("opportunity", "o1"), "role:decision_maker"]
    assert (role["role"], role["stance"]) == ("decision_maker", "neutral")
    deployed = G.edges[("department", "it"), ("product", "crm"), "deployed:Pipewise"]
    assert (deployed["vendor"], deployed["status"], deployed["ours"]) == (
        "Pipewise", "active", False)


def test_dangling_references_are_skipped():
    snap = AccountSnapshot(
        company=ACME,
        departments=[Department(id="d", company_id="acme", name="D", function="it",
                                parent_id="gone-dept")],
        people=[person("ann", reports_to="elsewhere", department_id="gone-dept")],
        influence=[Influence(source_id="outsider", target_id="ann")],
        relationships=[Relationship(colleague_id="ghost", person_id="ann", strength=5)],
        deployments=[Deployment(department_id="d", product_id="no-such-product")],
        roles=[RoleAssignment(person_id="ann", role="user", opportunity_id="no-such-opp")],
        interactions=[Interaction(id="i", date=date(2026, 1, 1), colleague_id="ghost",
                                  person_id="ann", type="call")],
    )
    G = account_graph(snap)
    assert sorted(G.edges(keys=True)) == [
        (("department", "d"), ("company", "acme"), "part_of")]


def test_empty_account_is_one_company_node():
    G = account_graph(AccountSnapshot(company=ACME))
    assert list(G.nodes) == [("company", "acme")]
    assert people_graph(G).number_of_nodes() == 0


def test_people_graph_merges_reporting_and_influence_and_lists_roles():
    P = people_graph(account_graph(full_snapshot()))
    assert isinstance(P, nx.DiGraph)
    assert sorted(P) == ["ann", "boss"]
    assert P.edges["ann", "boss"] == {"reports_to": True, "influence": 0.7}
    assert P.nodes["boss"]["roles"] == ["decision_maker"]
    assert P.nodes["ann"]["roles"] == ["champion"]


def test_reporting_loop_in_bad_data_builds():
    snap = AccountSnapshot(company=ACME, people=[
        person("a", reports_to="b"), person("b", reports_to="a")])
    P = people_graph(account_graph(snap))
    assert sorted(P.edges) == [("a", "b"), ("b", "a")]
