"""The ideal customer profile, fit and persona on hand-built facts, answers by hand."""

from __future__ import annotations

from datetime import date

import pytest

from graphprofile.analytics import icp
from graphprofile.analytics.icp import CompanyFacts, Deal, Decider

JAN = date(2026, 1, 1)


def _won(amount: float, days: int) -> Deal:
    return Deal("won", amount, JAN, date.fromordinal(JAN.toordinal() + days))


def _company(cid: str, industry: str, employees: int, region: str, before: str,
             deals: tuple[Deal, ...] = (), support: int = 0,
             deployments: tuple[tuple[bool, bool, float | None, str], ...] = ()
             ) -> CompanyFacts:
    props = {"industry": industry, "employees": employees, "region": region,
             "previous_solution": before}
    return CompanyFacts(cid, cid.upper(), props, deals, deployments, support)


# Customers a-d, prospects p1 and p2.
COMPANIES = [
    _company("a", "finance", 6000, "EMEA", "spreadsheet", (_won(100, 30), _won(200, 60))),
    _company("b", "finance", 300, "EMEA", "spreadsheet", (_won(50, 90),), support=2),
    _company("c", "retail", 300, "APAC", "competitor", (_won(10, 120),), support=5),
    _company("d", "retail", 40, "APAC", "none", deployments=((True, True, 5.0, "bi"),)),
    _company("p1", "finance", 7000, "EMEA", "spreadsheet", (Deal("proposal", 80.0),)),
    _company("p2", "retail", 20, "APAC", "none"),
]


def test_scores_are_mean_percentile_ranks_among_customers() -> None:
    # won value 300/50/10/5 -> 1, 2/3, 1/3, 0; deals won 2/1/1/0 -> 1, .5, .5, 0;
    # cycle 45/90/120 days (lower is better) -> 1, .5, 0; support per won deal 0/2/5 ->
    # 1, .5, 0. d has two metrics only.
    assert icp.customer_scores(COMPANIES) == {"a": 1.0, "b": 0.5417, "c": 0.2083, "d": 0.0}


def test_best_are_half_the_customers_when_there_are_few() -> None:
    assert icp.best_customers(COMPANIES) == ["a", "b"]
    assert icp.best_customers(COMPANIES, 3) == ["a", "b", "c"]


def test_profile_compares_the_best_with_the_rest() -> None:
    profile = icp.ideal_profile(COMPANIES)
    assert profile["best"] == ["a", "b"]
    metrics = {m["name"]: (m["best"], m["rest"]) for m in profile["metrics"]}
    assert metrics["won_value"] == (175.0, 7.5)
    assert metrics["sales_cycle_days"] == (67.5, 120.0)
    assert metrics["nps"] == (None, None)
    describing = {(t["field"], t["value"]): (t["share_best"], t["share_rest"])
                  for t in icp.describing(profile["traits"])}
    assert describing == {
        ("industry", "finance"): (1.0, 0.25), ("region", "EMEA"): (1.0, 0.25),
        ("previous_solution", "spreadsheet"): (1.0, 0.25),
    }  # each size band: one of the two best, too few to describe them
    assert "industry finance (2 of 2)" in profile["card"]
    assert "used before spreadsheet (2 of 2)" in profile["card"]


def test_a_given_best_list_is_kept() -> None:
    profile = icp.ideal_profile(COMPANIES, ["c", "d"])
    assert profile["best"] == ["c", "d"]
    assert ("industry", "retail") in {(t["field"], t["value"])
                                      for t in icp.describing(profile["traits"])}


def test_fit_weighs_traits_and_counts_the_previous_solution_twice() -> None:
    # Best a and b: finance (weight 1), EMEA (1) and spreadsheet (twice 1) describe
    # them; a, b and p1 have all three, the others none.
    rows = icp.fit(COMPANIES, icp.ideal_profile(COMPANIES))
    assert [(r["company_id"], r["score"]) for r in rows] == [
        ("a", 1.0), ("b", 1.0), ("p1", 1.0), ("c", 0.0), ("d", 0.0), ("p2", 0.0)]
    # Three best (a, b, c): finance 2/3 vs 1/3 (weight 2/3), EMEA 2/3 (2/3), spreadsheet
    # 2/3 twice (4/3), 250-999 2/3 vs 0 (2/3): 10/3 in all.
    rows = icp.fit(COMPANIES, icp.ideal_profile(COMPANIES, ["a", "b", "c"]))
    scores = {r["company_id"]: r["score"] for r in rows}
    assert scores == {"a": 0.8, "b": 1.0, "c": 0.2, "d": 0.0, "p1": 0.8, "p2": 0.0}
    p1 = next(r for r in rows if r["company_id"] == "p1")
    assert p1["customer"] is False
    assert any("previous solution spreadsheet" in r and "convert better" in r
               for r in p1["reasons"])


def test_no_customers_gives_an_empty_profile_and_zero_fit() -> None:
    prospects = [c for c in COMPANIES if c.id.startswith("p")]
    profile = icp.ideal_profile(prospects)
    assert profile["best"] == [] and profile["traits"] == []
    assert "No customer yet" in profile["card"]
    assert {r["score"] for r in icp.fit(prospects, profile)} == {0.0}


@pytest.mark.parametrize(("employees", "band"), [
    (1, "1-49"), (49, "1-49"), (50, "50-249"), (999, "250-999"), (5000, "5000+"),
    (None, None), ("n/a", None)])
def test_size_bands(employees: object, band: str | None) -> None:
    assert icp.size_band(employees) == band


def test_persona_counts_every_sentence() -> None:
    deciders = [
        Decider("dm1", "a", "decision_maker", "CFO", "c_level", "finance", "Finance",
                "cash flow;EBITDA", "grow", "budget freeze", "can_decide", "email",
                ("economic_buyer", "champion")),
        Decider("dm2", "b", "decision_maker", "CFO", "c_level", "finance", "Finance",
                "cash flow", None, "internal politics", "needs_approval", "phone",
                ("champion", "champion")),
        Decider("eb1", "a", "economic_buyer", "Head of Finance", "director", "finance",
                "Finance", None, None, None, None, None, ("decision_maker",)),
    ]
    dm, eb = icp.personas(deciders)
    assert (dm["role"], dm["people"], dm["companies"], dm["title"]) == (
        "decision_maker", 2, 2, "CFO")
    assert dm["kpis"] == ["cash flow", "EBITDA"]
    # "budget freeze" says budget and timing; needs_approval: no purchasing power.
    assert dm["obstacles"] == ["budget", "no purchasing power", "office politics", "timing"]
    assert dm["decides_with"] == ["champion", "economic buyer"]
    assert dm["channels"] == ["email", "phone"]
    assert dm["story"].startswith("Drawn from 2 decision makers at 2 best customers.")
    assert "CFO (2 of 2)" in dm["story"]
    assert (eb["title"], eb["people"], eb["decides_with"]) == ("Head of Finance", 1,
                                                               ["decision maker"])
    assert icp.personas([]) == []
