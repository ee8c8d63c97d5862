"""The import history's diff on hand-built readings, each answer worked out by hand."""

from __future__ import annotations

from typing import Any

from graphprofile.analytics.history import diff


def person(company: str, department: str | None = None, *, title: str | None = None,
           reports_to: str | None = None, roles: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"company_id": company, "department_id": department, "title": title,
            "reports_to": reports_to, "roles": list(roles)}


def dept(company: str, name: str, *, parent: str | None = None,
         headcount: int | None = None) -> dict[str, Any]:
    return {"company_id": company, "name": name, "function": "it", "parent_id": parent,
            "headcount": headcount}


def company(name: str, revenue: float | None = None, employees: int | None = None
            ) -> dict[str, Any]:
    return {"name": name, "revenue": revenue, "employees": employees}


def kinds(entries: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    return [(e["company_id"], e["kind"], e["record_id"]) for e in entries]


def test_an_empty_store_before_is_the_baseline() -> None:
    after = {"companies": {"a": company("A")}, "people": {"p": person("a")}}
    assert diff({}, after) == []


def test_company_figures_before_and_after() -> None:
    before = {"companies": {"a": company("A", 100.0, 50), "b": company("B", 5.0, 10)}}
    after = {"companies": {"a": company("A", 130.0, 50), "b": company("B", 5.0, 12),
                           "n": company("New", 1.0, 1)}}
    entries = diff(before, after)
    assert kinds(entries) == [("a", "revenue_changed", "a"), ("b", "headcount_changed", "b"),
                              ("n", "company_added", "n")]
    assert entries[0]["before"] == {"revenue": 100.0}
    assert entries[0]["after"] == {"revenue": 130.0}
    assert entries[1]["before"] == {"employees": 10} and entries[1]["after"] == {"employees": 12}


def test_a_new_company_records_only_its_arrival() -> None:
    before = {"companies": {"a": company("A")}}
    after = {"companies": {"a": company("A"), "n": company("New")},
             "departments": {"nd": dept("n", "IT")},
             "people": {"np": person("n", "nd")},
             "opportunities": {"no": {"company_id": "n", "name": "Deal", "stage": "lead"}}}
    assert kinds(diff(before, after)) == [("n", "company_added", "n")]


def test_people_join_move_leave_and_change() -> None:
    companies = {"a": company("A"), "b": company("B")}
    before = {
        "companies": companies,
        "departments": {"a1": dept("a", "IT"), "a2": dept("a", "Finance")},
        "people": {
            "boss": person("a", "a1"),
            "p1": person("a", "a1", title="Analyst", reports_to="boss"),
            "p2": person("a", "a1", roles=("champion",)),
            "p3": person("a", "a2", title="CFO"),
            "p4": person("a", "a2"),
        },
    }
    after = {
        "companies": {**companies, "c": company("C")},
        "departments": before["departments"],
        "people": {
            "boss": person("a", "a1"),
            "p1": person("a", "a2", title="Lead analyst", reports_to=None),  # 3 changes
            "p2": person("b", roles=("champion",)),  # to a known company
            "p3": person("c", title="CFO"),  # to a company new in this import
            "p4": person("a", "a2", roles=("decision_maker", "user")),
            "p5": person("a", "a1"),  # new
        },
    }
    entries = diff(before, after)
    assert kinds(entries) == [
        ("a", "person_joined", "p5"),
        ("a", "person_left", "p3"),
        ("a", "person_moved", "p2"),
        ("a", "person_transferred", "p1"),
        ("a", "manager_changed", "p1"),
        ("a", "title_changed", "p1"),
        ("a", "role_changed", "p4"),
        ("b", "person_joined", "p2"),
        ("c", "company_added", "c"),
        ("c", "person_joined", "p3"),
    ]
    by = {(e["company_id"], e["kind"], e["record_id"]): e for e in entries}
    moved = by[("a", "person_moved", "p2")]
    assert moved["before"] == {"company_id": "a", "department_id": "a1", "title": None,
                               "roles": ["champion"]}
    assert moved["after"]["company_id"] == "b"
    assert by[("b", "person_joined", "p2")]["before"]["company_id"] == "a"
    assert by[("a", "person_joined", "p5")]["before"] is None
    assert by[("a", "manager_changed", "p1")]["before"] == {"reports_to": "boss"}
    assert by[("a", "manager_changed", "p1")]["after"] == {"reports_to": None}
    assert by[("a", "role_changed", "p4")]["after"] == {"roles": ["decision_maker", "user"]}
    assert all(e["person_id"] == e["record_id"] for e in entries if e["kind"] != "company_added")


def test_departments_added_renamed_moved_and_counted() -> None:
    before = {"companies": {"a": company("A")},
              "departments": {"d1": dept("a", "IT", headcount=10), "d2": dept("a", "Ops")}}
    after = {"companies": {"a": company("A")},
             "departments": {"d1": dept("a", "Technology", headcount=14),
                             "d2": dept("a", "Ops", parent="d1"), "d3": dept("a", "Data")}}
    entries = diff(before, after)
    assert kinds(entries) == [("a", "headcount_changed", "d1"), ("a", "department_added", "d3"),
                              ("a", "department_renamed", "d1"), ("a", "department_moved", "d2")]
    assert entries[2]["before"] == {"name": "IT"} and entries[2]["after"] == {"name": "Technology"}


def test_two_emptied_units_merged_into_a_new_one() -> None:
    # x: 3 people, y: 2 people; all five move to the new unit m -> one merge.
    people_before = {f"x{i}": person("a", "x") for i in range(3)}
    people_before |= {f"y{i}": person("a", "y") for i in range(2)}
    before = {"companies": {"a": company("A")},
              "departments": {"x": dept("a", "Sales East"), "y": dept("a", "Sales West")},
              "people": people_before}
    after = {"companies": {"a": company("A")},
             "departments": {**before["departments"], "m": dept("a", "Sales")},
             "people": {pid: person("a", "m") for pid in people_before}}
    entries = diff(before, after)
    assert kinds(entries) == [("a", "department_merged", "m")]
    assert entries[0]["before"] == {"department_ids": ["x", "y"],
                                    "names": ["Sales East", "Sales West"]}
    assert entries[0]["after"] == {"name": "Sales", "people": 5}


def test_one_emptied_unit_into_a_new_one_is_a_rename() -> None:
    before = {"companies": {"a": company("A")}, "departments": {"x": dept("a", "EDP")},
              "people": {"p": person("a", "x"), "q": person("a", "x")}}
    after = {"companies": {"a": company("A")},
             "departments": {"x": dept("a", "EDP"), "n": dept("a", "Digital")},
             "people": {"p": person("a", "n"), "q": person("a", "n")}}
    entries = diff(before, after)
    assert kinds(entries) == [("a", "department_renamed", "n")]
    assert entries[0]["before"] == {"department_id": "x", "name": "EDP"}
    assert entries[0]["after"] == {"department_id": "n", "name": "Digital"}


def test_a_split_and_a_removal() -> None:
    # s: 4 people go 2 and 2 to new units s1, s2 (neither takes more than half): split.
    # r: its only person stays, in no unit: removed. s1 and s2 are new: added.
    # g: its only person left the company: no change of units.
    people_before = {f"s{i}": person("a", "s") for i in range(4)} | {"r0": person("a", "r"),
                                                                     "g0": person("a", "g")}
    before = {"companies": {"a": company("A"), "b": company("B")},
              "departments": {"s": dept("a", "Ops"), "r": dept("a", "Legal"),
                              "g": dept("a", "Audit")},
              "people": people_before}
    after = {"companies": before["companies"],
             "departments": {**before["departments"], "s1": dept("a", "Ops North"),
                             "s2": dept("a", "Ops South")},
             "people": {"s0": person("a", "s1"), "s1": person("a", "s1"),
                        "s2": person("a", "s2"), "s3": person("a", "s2"),
                        "r0": person("a"), "g0": person("b")}}
    entries = [e for e in diff(before, after) if e["kind"].startswith("department")]
    assert kinds(entries) == [("a", "department_added", "s1"), ("a", "department_added", "s2"),
                              ("a", "department_split", "s"), ("a", "department_removed", "r")]
    split = entries[2]
    assert split["before"] == {"name": "Ops", "people": 4}
    assert split["after"] == {"department_ids": ["s1", "s2"], "names": ["Ops North", "Ops South"]}


def test_opportunities_added_and_staged() -> None:
    before = {"companies": {"a": company("A")},
              "opportunities": {"o1": {"company_id": "a", "name": "BI", "stage": "qualified"},
                                "o2": {"company_id": "a", "name": "DW", "stage": "lead"}}}
    after = {"companies": {"a": company("A")},
             "opportunities": {"o1": {"company_id": "a", "name": "BI", "stage": "proposal"},
                               "o2": {"company_id": "a", "name": "DW", "stage": "lead"},
                               "o3": {"company_id": "a", "name": "AI", "stage": "lead"}}}
    entries = diff(before, after)
    assert kinds(entries) == [("a", "opportunity_added", "o3"), ("a", "stage_changed", "o1")]
    assert entries[1]["before"] == {"stage": "qualified"}
    assert entries[1]["after"] == {"stage": "proposal"}


def test_nothing_changed_records_nothing() -> None:
    reading = {"companies": {"a": company("A", 1.0, 2)},
               "departments": {"d": dept("a", "IT")},
               "people": {"p": person("a", "d", title="CIO", roles=("decision_maker",))},
               "opportunities": {"o": {"company_id": "a", "name": "X", "stage": "won"}}}
    assert diff(reading, reading) == []


def test_records_deleted_by_prune_are_removals() -> None:
    # a: p1 deleted -> person_left. Unit e (empty) deleted -> removed. Unit d deleted, its
    # one person q now in the unit k that existed before -> merged into k.
    # Unit x deleted, its only person x0 deleted too -> removed (and x0 left).
    # b: the whole company deleted with its unit and person -> nothing (no account left).
    before = {"companies": {"a": company("A"), "b": company("B")},
              "departments": {"d": dept("a", "Data"), "e": dept("a", "Empty"),
                              "k": dept("a", "Keep"), "x": dept("a", "Gone"),
                              "bd": dept("b", "IT")},
              "people": {"p1": person("a", "k", title="CFO"), "q": person("a", "d"),
                         "x0": person("a", "x"), "bp": person("b", "bd")}}
    after = {"companies": {"a": company("A")},
             "departments": {"k": dept("a", "Keep")},
             "people": {"q": person("a", "k")}}
    entries = diff(before, after)
    assert kinds(entries) == [("a", "department_merged", "k"),
                              ("a", "department_removed", "e"),
                              ("a", "department_removed", "x"),
                              ("a", "person_left", "p1"), ("a", "person_left", "x0")]
    left = entries[3]
    assert left["before"] == {"company_id": "a", "department_id": "k", "title": "CFO",
                              "roles": []}
    assert left["after"] is None and left["person_id"] == "p1"
    assert entries[1]["before"] == {"name": "Empty"} and entries[1]["after"] is None
