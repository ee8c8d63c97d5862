"""Department x product cells: status precedence, peer fall-backs, hand-computed scores."""

from __future__ import annotations

from datetime import date

import pytest

from graphprofile.analytics.settings import AnalyticsSettings
from graphprofile.analytics.whitespace import PeerStats, whitespace
from graphprofile.graph import account_graph
from graphprofile.models import (
    AccountSnapshot,
    Colleague,
    Company,
    Department,
    Deployment,
    Opportunity,
    Person,
    Product,
    Relationship,
)

AS_OF = date(2026, 6, 30)
PRODUCTS = [
    Product(id="bi", name="BI", category="analytics", target_function="finance"),
    Product(id="crm", name="CRM", category="crm", target_function="sales"),
]


def dept(did: str, function: str = "finance", **kw) -> Department:
    return Department(id=did, company_id="acme", name=did, function=function, **kw)


def snapshot(departments, deployments=(), opportunities=(), **kw) -> AccountSnapshot:
    company = Company(id="acme", name="Acme", industry="banking",
                      revenue_growth=kw.pop("revenue_growth", None))
    return AccountSnapshot(company=company, departments=departments, products=PRODUCTS,
                           deployments=list(deployments), opportunities=list(opportunities),
                           **kw)


def statuses(cells) -> dict[tuple[str, str], str]:
    return {(c["department_id"], c["product_id"]): c["status"] for c in cells}


def test_status_precedence_ours_opportunity_competitor_whitespace():
    snap = snapshot(
        departments=[dept("a"), dept("b"), dept("c"), dept("d"), dept("e")],
        deployments=[
            # a: ours beats an open opportunity and a competitor
            Deployment(department_id="a", product_id="bi"),
            Deployment(department_id="a", product_id="bi", vendor="Quantivo"),
            # b: an open opportunity beats a competitor
            Deployment(department_id="b", product_id="bi", vendor="Quantivo"),
            # c: competitor only (another vendor's crm-category product)
            Deployment(department_id="c", product_id="crm", vendor="Pipewise"),
            # d: churned ours and churned competitor -> whitespace
            Deployment(department_id="d", product_id="bi", status="churned"),
            Deployment(department_id="d", product_id="crm", vendor="Pipewise",
                       status="Churned"),
        ],
        opportunities=[
            Opportunity(id="o1", company_id="acme", name="x", stage="proposal",
                        department_id="a", product_id="bi"),
            Opportunity(id="o2", company_id="acme", name="x", stage="qualified",
                        department_id="b", product_id="bi"),
            # e: a lost opportunity is not open -> whitespace
            Opportunity(id="o3", company_id="acme", name="x", stage="lost",
                        department_id="e", product_id="bi"),
        ])
    cells = whitespace(account_graph(snap), as_of=AS_OF)
    assert statuses(cells) == {
        ("a", "bi"): "ours", ("a", "crm"): "whitespace",
        ("b", "bi"): "opportunity", ("b", "crm"): "whitespace",
        ("c", "bi"): "whitespace", ("c", "crm"): "competitor",
        ("d", "bi"): "whitespace", ("d", "crm"): "whitespace",
        ("e", "bi"): "whitespace", ("e", "crm"): "whitespace",
    }
    # sorted by department id then product id; ours has no score
    assert [(c["department_id"], c["product_id"]) for c in cells] == sorted(statuses(cells))
    assert cells[0]["score"] is None
    assert all(isinstance(c["score"], float) for c in cells[1:])
    assert cells[2]["reason"].startswith("open opportunity o2 (qualified)")
    assert cells[5]["reason"].startswith("competitor Pipewise (crm) in place")


def test_score_by_hand_with_industry_peers_and_engagement():
    # finance dept, headcount +30% (clipped at 1), account revenue +10% (0.5), one engaged
    # person (1/2 = 0.5), BI targets finance (1), banking peers: 3 of 4 own BI (0.75):
    #   0.35*0.75 + 0.2*0.5 + 0.1*1 + 0.1*0.5 + 0.25*1 = 0.2625+0.1+0.1+0.05+0.25 = 0.7625
    # CRM: peers 0 of 5 in all industries (banking has only 1 finance dept < 3) -> 0,
    #   no fit: 0 + 0.1 + 0.1 + 0.05 + 0 = 0.25
    snap = snapshot(
        departments=[dept("fin", headcount_growth=0.3)], revenue_growth=0.1,
        people=[Person(id="p", company_id="acme", name="P", department_id="fin")],
        colleagues=[Colleague(id="c", name="C", function="sales")],
        relationships=[Relationship(colleague_id="c", person_id="p", strength=3)])
    peers = PeerStats.from_rows([
        {"industry": "banking", "function": "finance", "product_id": "bi",
         "owning": 3, "total": 4},
        {"industry": "banking", "function": "finance", "product_id": "crm",
         "owning": 0, "total": 1},
        {"industry": "retail", "function": "finance", "product_id": "crm",
         "owning": 0, "total": 4},
    ])
    bi, crm = whitespace(account_graph(snap), peers=peers, as_of=AS_OF)
    assert (bi["status"], bi["score"]) == ("whitespace", 0.7625)
    assert bi["reason"] == (
        "nothing deployed; 3 of 4 finance departments at banking peers own it (75%); "
        "1 engaged contact; headcount +30%; account revenue +10%; BI targets finance")
    assert crm["score"] == 0.25
    assert "0 of 5 finance departments across industries own it (0%)" in crm["reason"]
    assert crm["reason"].endswith("CRM does not target finance")


def test_no_peers_and_no_figures_fall_back_to_neutral_prior():
    # 0.35*0.5 + 0 + 0 + 0 + 0.25*1 = 0.425 (BI); 0.35*0.5 = 0.175 (CRM)
    cells = whitespace(account_graph(snapshot([dept("fin")])), as_of=AS_OF)
    assert [c["score"] for c in cells] == [0.425, 0.175]
    assert "no peer figures (neutral 50%)" in cells[0]["reason"]
    assert "headcount growth unknown" in cells[0]["reason"]
    assert "account revenue growth unknown" in cells[0]["reason"]


def test_negative_growth_counts_zero_and_weights_are_settings():
    snap = snapshot([dept("fin", headcount_growth=-0.2)], revenue_growth=-0.1)
    only_fit = AnalyticsSettings(weight_peers=0, weight_engagement=0, weight_headcount=0,
                                 weight_revenue=0, weight_fit=1)
    cells = whitespace(account_graph(snap), as_of=AS_OF, settings=only_fit)
    assert [c["score"] for c in cells] == [1.0, 0.0]
    assert "headcount -20%" in cells[0]["reason"]


def test_empty_account_has_no_cells():
    G = account_graph(AccountSnapshot(company=Company(id="acme", name="A", industry="x")))
    assert whitespace(G, as_of=AS_OF) == []


def test_peer_stats_aggregate_and_validate():
    peers = PeerStats.from_rows([
        {"industry": "banking", "function": "finance", "product_id": "bi", "owning": 1,
         "total": 2},
        {"industry": "banking", "function": "finance", "product_id": "bi", "owning": 2,
         "total": 2},
    ])
    assert peers.by_industry[("banking", "finance", "bi")] == (3, 4)
    assert peers.rate("banking", "finance", "bi", min_total=4) == (0.75, "industry", 3, 4)
    assert peers.rate("banking", "finance", "bi", min_total=5, prior=0.3) == (
        0.3, "prior", 0, 0)
    with pytest.raises(ValueError, match="owning"):
        PeerStats.from_rows([{"industry": "x", "function": "it", "product_id": "bi",
                              "owning": 3, "total": 2}])


def test_each_cell_names_the_departments_decision_maker_and_the_way_to_them():
    # fin: cfo (economic buyer on fin's open deal), ann (staff) and the sub-department
    # fin-ap's head ap (manager); ops: only boss, no role; hr: only a placeholder seat.
    # c1 knows ann well (5 -> 1.0), ann reports to the cfo (0.6): the cfo via ann, 0.6.
    from graphprofile.models import RoleAssignment

    people = [
        Person(id="cfo", company_id="acme", name="Cai Fo", department_id="fin",
               seniority="c_level"),
        Person(id="ann", company_id="acme", name="Ann", department_id="fin",
               reports_to="cfo", seniority="staff"),
        Person(id="ap", company_id="acme", name="Ap Head", department_id="fin-ap",
               reports_to="cfo", seniority="manager"),
        Person(id="boss", company_id="acme", name="Bo Ss", department_id="ops",
               seniority="director"),
        Person(id="seat", company_id="acme", name="HR head (unknown)", department_id="hr",
               placeholder=True),
    ]
    snap = snapshot(
        [dept("fin"), dept("fin-ap", parent_id="fin"), dept("ops", "operations"),
         dept("hr", "hr")],
        opportunities=[Opportunity(id="o1", company_id="acme", name="O", stage="proposal",
                                   department_id="fin", product_id="bi")],
        people=people,
        colleagues=[Colleague(id="c1", name="Cleo", function="sales")],
        relationships=[Relationship(colleague_id="c1", person_id="ann", strength=5,
                                    last_contact=AS_OF)],
        roles=[RoleAssignment(person_id="cfo", role="economic_buyer", opportunity_id="o1"),
               RoleAssignment(person_id="seat", role="decision_maker")])
    cells = {(c["department_id"], c["product_id"]): c
             for c in whitespace(account_graph(snap), as_of=AS_OF)}
    fin = cells["fin", "crm"]
    assert (fin["decision_maker_id"], fin["decision_maker"], fin["decision_maker_basis"]) \
        == ("cfo", "Cai Fo", "decision_maker")
    assert fin["warm_path"] == ["c1", "ann", "cfo"] and fin["warm_path_score"] == 0.6
    assert fin["warm_path_names"] == ["Cleo", "Ann", "Cai Fo"]
    assert cells["fin", "bi"]["decision_maker_id"] == "cfo"  # every product of the dept
    # the sub-department has no decider of its own: its most influential person
    ap = cells["fin-ap", "bi"]
    assert (ap["decision_maker_id"], ap["decision_maker_basis"]) == ("ap", "influence")
    assert ap["warm_path"] == ["c1", "ann", "cfo", "ap"]
    ops = cells["ops", "bi"]
    assert (ops["decision_maker_id"], ops["warm_path"], ops["warm_path_score"]) == (
        "boss", [], None)
    # a seat nobody is known in is nobody to ask for
    assert cells["hr", "bi"]["decision_maker_id"] is None
