"""The org chart: the network view's nodes and edges, as pyvis's undirected network would
have them, and the tree view's nodes, parents and cards."""

from __future__ import annotations

from datetime import date

import pytest

from graphprofile.graph import account_graph
from graphprofile.models import (
    AccountSnapshot,
    Colleague,
    Company,
    Department,
    Influence,
    Person,
    Relationship,
)
from graphprofile.render import (
    COLLAPSE_ACCOUNT_SIZE,
    COLLAPSE_DEPARTMENT_SIZE,
    _Chart,
    orgchart,
    orgtree,
    orgtree_html,
)


def test_a_node_once_and_an_edge_once_per_relation_and_pair_either_way_round():
    chart = _Chart()
    chart.add_node("a", label="A", shape="dot")
    chart.add_node("a", label="again", shape="box")
    chart.add_node("b", label="", shape="dot")
    chart.add_edge("a", "b", relation="reports_to")
    chart.add_edge("b", "a", relation="reports_to")
    chart.add_edge("b", "a", relation="influences")
    assert [(n["id"], n["label"], n["shape"]) for n in chart.nodes] == [
        ("a", "A", "dot"), ("b", "b", "dot")]  # no label: the id, as pyvis does
    assert chart.edges == [{"relation": "reports_to", "from": "a", "to": "b"},
                           {"relation": "influences", "from": "b", "to": "a"}]
    with pytest.raises(ValueError, match="not in the chart"):
        chart.add_edge("a", "nobody")


def test_every_line_of_an_account_is_drawn_once():
    # Ann reports to the boss and influences them: both lines are drawn.
    people = [Person(id="boss", company_id="acme", name="Boss"),
              Person(id="ann", company_id="acme", name="Ann", reports_to="boss"),
              Person(id="bob", company_id="acme", name="Bob", reports_to="boss")]
    snap = AccountSnapshot(
        company=Company(id="acme", name="Acme", industry="retail"), people=people,
        influence=[Influence(source_id="ann", target_id="bob", strength=0.5),
                   Influence(source_id="ann", target_id="boss", strength=0.9)],
        colleagues=[Colleague(id="c1", name="Cat", function="sales")],
        relationships=[Relationship(colleague_id="c1", person_id="ann", strength=4)])
    chart = orgchart(account_graph(snap), as_of=date(2026, 1, 1))
    drawn = sorted((e["from"], e["to"], e["relation"]) for e in chart["edges"])
    assert drawn == [("colleague:c1", "person:ann", "knows"),
                     ("person:ann", "person:bob", "influences"),
                     ("person:ann", "person:boss", "influences"),
                     ("person:boss", "person:ann", "reports_to"),
                     ("person:boss", "person:bob", "reports_to")]
    assert chart["counts"] == {"nodes": 4, "edges": 5, "people": 3, "colleagues": 1}


def _tree(people, departments=(), relationships=(), colleagues=()):
    snap = AccountSnapshot(
        company=Company(id="acme", name="Acme", industry="retail"), people=people,
        departments=list(departments), relationships=list(relationships),
        colleagues=list(colleagues))
    return orgtree(account_graph(snap), as_of=date(2026, 1, 1))


def _parents(tree):
    return {n["id"]: n["parentId"] for n in tree["nodes"]}


def test_the_tree_hangs_people_by_reporting_line_under_their_department():
    # boss (exec) <- ann (sales) <- bob (sales); cat has no department; dan's manager
    # is unknown to the account; eve reports to bob.
    depts = [Department(id="exec", company_id="acme", name="Executive", function="executive"),
             Department(id="sales", company_id="acme", name="Sales", function="sales")]
    people = [Person(id="boss", company_id="acme", name="Boss", department_id="exec"),
              Person(id="ann", company_id="acme", name="Ann", department_id="sales",
                     reports_to="boss"),
              Person(id="bob", company_id="acme", name="Bob", department_id="sales",
                     reports_to="ann"),
              Person(id="eve", company_id="acme", name="Eve", department_id="sales",
                     reports_to="bob"),
              Person(id="cat", company_id="acme", name="Cat", reports_to="boss"),
              Person(id="dan", company_id="acme", name="Dan", department_id="sales",
                     reports_to="someone-elsewhere")]
    tree = _tree(people, depts)
    assert _parents(tree) == {
        "company:acme": None,
        "department:exec": "company:acme", "department:sales": "company:acme",
        "unassigned": "company:acme",
        "person:boss": "department:exec",
        "person:ann": "department:sales",  # her manager is in another department
        "person:bob": "person:ann", "person:eve": "person:bob",
        "person:cat": "unassigned", "person:dan": "department:sales"}
    by_id = {n["id"]: n for n in tree["nodes"]}
    assert by_id["person:ann"]["manager"] == {"id": "boss", "name": "Boss"}
    assert by_id["person:bob"]["manager"] is None  # drawn: the tree shows it
    assert by_id["person:dan"]["manager"] is None  # not in the account: nobody to name
    assert by_id["unassigned"]["unassigned"] is True and by_id["unassigned"]["people"] == 1
    assert by_id["department:sales"]["people"] == 4
    assert [n["kind"] for n in tree["nodes"]][:4] == ["company", "department", "department",
                                                      "department"]
    assert tree["counts"] == {"people": 6, "departments": 3}


def test_a_reporting_loop_is_cut_once_and_nobody_is_lost():
    # a -> b -> c -> a, all in one department, and d under c: one loop, cut at "a".
    dept = Department(id="ops", company_id="acme", name="Ops", function="operations")
    people = [Person(id="a", company_id="acme", name="A", department_id="ops", reports_to="b"),
              Person(id="b", company_id="acme", name="B", department_id="ops", reports_to="c"),
              Person(id="c", company_id="acme", name="C", department_id="ops", reports_to="a"),
              Person(id="d", company_id="acme", name="D", department_id="ops", reports_to="c")]
    tree = _tree(people, [dept])
    parents = _parents(tree)
    assert parents["person:a"] == "department:ops"
    assert (parents["person:c"], parents["person:b"], parents["person:d"]) == (
        "person:a", "person:c", "person:c")
    assert [n["ref"] for n in tree["nodes"] if n.get("loop")] == ["a"]
    people_nodes = [n["id"] for n in tree["nodes"] if n["kind"] == "person"]
    assert sorted(people_nodes) == ["person:a", "person:b", "person:c", "person:d"]
    for pid in people_nodes:  # every walk up reaches the company: a tree, no loop left
        seen, at = set(), pid
        while at is not None:
            assert at not in seen
            seen.add(at)
            at = parents[at]
        assert "company:acme" in seen


def test_big_departments_and_big_accounts_start_collapsed():
    small = Department(id="small", company_id="acme", name="Small", function="finance")
    big = Department(id="big", company_id="acme", name="Big", function="it")
    people = ([Person(id=f"s{i}", company_id="acme", name=f"S {i}", department_id="small")
               for i in range(3)]
              + [Person(id=f"b{i:02d}", company_id="acme", name=f"B {i}", department_id="big")
                 for i in range(COLLAPSE_DEPARTMENT_SIZE + 1)])
    collapsed = {n["id"]: n["collapsed"] for n in _tree(people, [small, big])["nodes"]
                 if n["kind"] == "department"}
    assert collapsed == {"department:small": False, "department:big": True}
    many = people + [Person(id=f"x{i:02d}", company_id="acme", name=f"X {i}",
                            department_id="small")
                     for i in range(COLLAPSE_ACCOUNT_SIZE)]
    assert all(n["collapsed"] for n in _tree(many, [small, big])["nodes"]
               if n["kind"] == "department")


def test_a_card_carries_role_stance_and_our_links_strongest_first():
    people = [Person(id="ann", company_id="acme", name="Ann", title="CFO")]
    colleagues = [Colleague(id="c1", name="Cat", function="sales"),
                  Colleague(id="c2", name="Dev", function="presales", active=False)]
    rels = [Relationship(colleague_id="c1", person_id="ann", strength=2),
            Relationship(colleague_id="c2", person_id="ann", strength=4,
                         last_contact=date(2025, 12, 1))]
    ann = next(n for n in _tree(people, (), rels, colleagues)["nodes"] if n["ref"] == "ann")
    assert (ann["title"], ann["role"], ann["stance"]) == ("CFO", "", "")
    assert ann["best"] == {"colleague": "Dev", "strength": 4}
    assert [(c["colleague"], c["strength"], c["last_contact"], c["active"])
            for c in ann["links"]] == [("Dev", 4, "2025-12-01", False), ("Cat", 2, None, True)]


def test_the_tree_blob_escapes_markup():
    people = [Person(id="x", company_id="acme", name="</script><img src=x onerror=alert(1)>")]
    text = orgtree_html(_tree(people))
    assert "<img" not in text and "</script><" not in text
    assert text.count("</script>") == 1
