"""Champion moves and upsell signals on hand-built history, answers worked by hand."""

from __future__ import annotations

from datetime import date

from graphprofile.analytics.moves import moves
from graphprofile.analytics.signals import signals

PEOPLE = {
    "pat": {"company_id": "newco", "name": "Pat", "title": "CIO", "interactions": 2,
            "relationships": [{"colleague_id": "c2", "strength": 3},
                              {"colleague_id": "c1", "strength": 5}]},
    "kim": {"company_id": "other", "name": "Kim", "title": None, "interactions": 0,
            "relationships": []},
    "lee": {"company_id": "acme", "name": "Lee", "title": None, "interactions": 0,
            "relationships": []},
}


def test_moves_from_history_and_previous_employers() -> None:
    joined = [{"company_id": "newco", "date": date(2026, 8, 1), "record_id": "pat",
               "before": {"company_id": "acme", "title": "IT director",
                          "roles": ["user", "champion", "decision_maker"]}}]
    previous = [
        {"person_id": "pat", "from_company_id": "acme"},  # the same move: history wins
        {"person_id": "kim", "from_company_id": "acme"},
        {"person_id": "kim", "from_company_id": "orbis"},  # not one of our accounts
        {"person_id": "lee", "from_company_id": "acme"},  # back at acme: no move
        {"person_id": "gone", "from_company_id": "acme"},  # erased or unknown
    ]
    found = moves(joined, previous, {"acme", "newco", "other"}, PEOPLE)
    assert [(m["person_id"], m["from_company_id"], m["to_company_id"], m["source"])
            for m in found] == [("pat", "acme", "newco", "history"),
                                ("kim", "acme", "other", "previous_employer")]
    pat = found[0]
    assert pat["role_before"] == "decision_maker"  # the most decisive of the three
    assert pat["roles_before"] == ["champion", "decision_maker", "user"]
    assert pat["title_before"] == "IT director" and pat["moved_on"] == date(2026, 8, 1)
    assert pat["relationships"] == [{"colleague_id": "c1", "strength": 5},
                                    {"colleague_id": "c2", "strength": 3}]
    assert found[1]["role_before"] is None and found[1]["moved_on"] is None


UNITS = {"it": {"company_id": "a", "name": "IT", "function": "it"},
         "ops": {"company_id": "a", "name": "Ops", "function": "operations"},
         "new": {"company_id": "a", "name": "Data", "function": "data"}}
PRODUCTS = {"bi": {"name": "BI", "target_function": ["data", "finance"]},
            "crm": {"name": "CRM", "target_function": ["sales"]},
            "etl": {"name": "ETL", "target_function": ["data", "it"]}}
DEPLOYED = [
    {"company_id": "a", "department_id": "it", "product_id": "etl", "vendor": "ours",
     "status": "active", "licences": 40},
    {"company_id": "a", "department_id": "ops", "product_id": "crm", "vendor": "ours",
     "status": "active", "licences": None},
    {"company_id": "a", "department_id": "ops", "product_id": "bi", "vendor": "Rival",
     "status": "active", "licences": 10},  # a competitor's: never ours to scale
]


def entry(kind: str, record: str, before: dict | None, after: dict | None,
          day: str = "2026-08-01") -> dict:
    return {"company_id": "a", "date": day, "kind": kind, "record_id": record,
            "before": before, "after": after}


def test_growth_past_the_thresholds_scales_licences() -> None:
    entries = [
        entry("revenue_changed", "a", {"revenue": 200}, {"revenue": 230}),  # +15 %
        entry("revenue_changed", "a", {"revenue": 230}, {"revenue": 240}, "2026-09-01"),
        entry("headcount_changed", "a", {"employees": 1000}, {"employees": 1125}),
        entry("headcount_changed", "it", {"headcount": 50}, {"headcount": 54}),  # +8 %
        entry("headcount_changed", "ops", {"headcount": None}, {"headcount": 80}),
    ]
    found = signals(entries, DEPLOYED, UNITS, PRODUCTS)
    assert [(s["signal"], s["record_id"], s["growth"]) for s in found] == [
        ("revenue_growth", "a", 0.15), ("headcount_growth", "a", 0.125)]
    revenue, heads = found
    # Revenue: every active deployment of ours, licences scaled by 1.15 (40 -> 46).
    assert [(p["product_id"], p["licences"], p["licences_after"])
            for p in revenue["products"]] == [("etl", 40, 46), ("crm", None, None)]
    # Headcount: only licensed ones, 40 * 1.125 = 45.
    assert [(p["product_id"], p["licences_after"]) for p in heads["products"]] == [
        ("etl", 45)]
    assert signals(entries, DEPLOYED, UNITS, PRODUCTS, revenue_growth=0.2,
                   headcount_growth=0.2) == []


def test_new_merged_and_split_units() -> None:
    found = signals([
        entry("department_added", "new", None, {"name": "Data", "function": "data"}),
        entry("department_merged", "it", {"department_ids": ["ops"], "names": ["Ops"]},
              {"name": "IT", "people": 9}),
        entry("department_split", "ops", {"name": "Ops", "people": 4},
              {"department_ids": ["it", "new"], "names": ["IT", "Data"]}),
    ], DEPLOYED, UNITS, PRODUCTS)
    assert [s["signal"] for s in found] == ["department_added", "department_merged",
                                            "department_split"]
    added, merged, split = (s["products"] for s in found)
    assert [(p["product_id"], p["department_id"]) for p in added] == [("bi", "new"),
                                                                      ("etl", "new")]
    # IT runs etl already, so only the moved licences of both units are listed.
    assert [(p["product_id"], p["department_id"], p["why"]) for p in merged] == [
        ("etl", "it", "licences to move"), ("crm", "ops", "licences to move")]
    assert [(p["product_id"], p["department_id"]) for p in split] == [
        ("bi", "new"), ("etl", "new"), ("etl", "it"), ("crm", "ops")]
    assert all(s["growth"] is None for s in found)
