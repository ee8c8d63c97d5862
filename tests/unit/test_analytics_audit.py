"""The eight-question audit on tiny accounts: all answered, none answered, each rule."""

from __future__ import annotations

from datetime import date

from graphprofile.analytics.audit import QUESTIONS, audit
from graphprofile.graph import account_graph
from graphprofile.models import (
    AccountSnapshot,
    Colleague,
    Company,
    Interaction,
    Opportunity,
    Person,
    Relationship,
    RoleAssignment,
)

AS_OF = date(2026, 6, 30)
KEYS = ["industry", "classification", "roles", "lead_source", "follow_ups",
        "procurement_progress", "communications", "cross_records"]


def company(**kw) -> Company:
    return Company(id="acme", name="Acme", industry="banking", **kw)


def complete() -> AccountSnapshot:
    return AccountSnapshot(
        company=company(industry_rank=2, revenue_growth=0.05, strategic_class="develop",
                        lead_source="event", lead_date=date(2024, 1, 1),
                        lead_reliability="high"),
        people=[Person(id="p", company_id="acme", name="P")],
        colleagues=[Colleague(id="s", name="S", function="sales"),
                    Colleague(id="e", name="E", function="presales")],
        opportunities=[Opportunity(id="o", company_id="acme", name="O", stage="qualified")],
        roles=[RoleAssignment(person_id="p", role="user", opportunity_id="o")],
        interactions=[Interaction(id="i", date=date(2026, 3, 1), colleague_id="e",
                                  person_id="p", type="demo", summary="needs SSO")])


def test_complete_profile_scores_eight():
    result = audit(account_graph(complete()), as_of=AS_OF)
    assert list(result["answers"]) == KEYS
    assert result == {"answers": dict.fromkeys(KEYS, True), "score": 8, "missing": []}


def test_bare_profile_scores_zero_with_sentences_in_key_order():
    result = audit(account_graph(AccountSnapshot(company=company())), as_of=AS_OF)
    assert result["answers"] == dict.fromkeys(KEYS, False)
    assert result["score"] == 0
    assert result["missing"] == [QUESTIONS[k] for k in KEYS]
    assert all(s.endswith(".") for s in result["missing"])


def test_lead_source_from_an_opportunity_and_progress_from_a_closed_lead():
    snap = AccountSnapshot(company=company(lead_source="web"),  # incomplete on the company
                           opportunities=[Opportunity(
                               id="o", company_id="acme", name="O", stage="lead",
                               lead_source="referral", lead_reliability="medium",
                               created=date(2026, 1, 1), closed=date(2026, 2, 1))])
    answers = audit(account_graph(snap), as_of=AS_OF)["answers"]
    assert answers["lead_source"] is True
    assert answers["procurement_progress"] is True  # a lead, but closed
    snap.opportunities[0].closed = None
    assert audit(account_graph(snap), as_of=AS_OF)["answers"]["procurement_progress"] is False


def test_future_interactions_and_sales_only_records_do_not_count():
    snap = complete()
    snap.interactions = [
        Interaction(id="late", date=date(2026, 7, 1), colleague_id="e", person_id="p",
                    type="demo", summary="planned"),
        Interaction(id="sales", date=date(2026, 3, 1), colleague_id="s", person_id="p",
                    type="call"),  # no summary, sales colleague
    ]
    answers = audit(account_graph(snap), as_of=AS_OF)["answers"]
    assert answers["follow_ups"] is True
    assert answers["communications"] is False
    assert answers["cross_records"] is False
    # a support colleague's relationship is a cross-record too
    snap.colleagues.append(Colleague(id="sup", name="Sup", function="support"))
    snap.relationships = [Relationship(colleague_id="sup", person_id="p", strength=1)]
    assert audit(account_graph(snap), as_of=AS_OF)["answers"]["cross_records"] is True


def test_industry_needs_rank_and_growth():
    snap = complete()
    snap.company = company(industry_rank=2)  # no revenue_growth
    result = audit(account_graph(snap), as_of=AS_OF)
    assert result["answers"]["industry"] is False
    assert result["answers"]["classification"] is False
    assert result["score"] == 5  # industry, classification and lead_source (company) missing
