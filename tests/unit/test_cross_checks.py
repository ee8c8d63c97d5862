"""Confirmed profile fields in the audit: the cross_records question and the count, on a
tiny account whose answers are counted by hand."""

from __future__ import annotations

from datetime import date

from graphprofile.analytics.audit import audit, confirmations
from graphprofile.graph import account_graph
from graphprofile.models import (
    AccountSnapshot,
    Colleague,
    Company,
    FieldSource,
    Interaction,
    Person,
)

AS_OF = date(2026, 6, 30)


def source(source: str, *, target: str = "person", field: str = "pains",
           day: date = date(2026, 3, 1), current: bool = True,
           kind: str = "confirmation") -> FieldSource:
    return FieldSource(target=target, target_id="p" if target == "person" else "acme",
                       field=field, source=source, kind=kind, date=day, current=current)


def sales_only(*sources: FieldSource) -> AccountSnapshot:
    """An account whose only interaction is a sales call: no cross-record but sources."""
    return AccountSnapshot(
        company=Company(id="acme", name="Acme", industry="banking"),
        people=[Person(id="p", company_id="acme", name="P", pains="slow month-end close")],
        colleagues=[Colleague(id="s", name="S", function="sales")],
        interactions=[Interaction(id="i", date=date(2026, 3, 1), colleague_id="s",
                                  person_id="p", type="call", summary="intro")],
        field_sources=list(sources))


def test_the_graph_carries_the_sources_of_the_account():
    G = account_graph(sales_only(source("presales"), source("interview", target="company",
                                                               field="problems")))
    assert [(s["target"], s["target_id"], s["field"], s["source"])
            for s in G.graph["field_sources"]] == [
        ("person", "p", "pains", "presales"), ("company", "acme", "problems", "interview")]
    assert account_graph(sales_only()).graph["field_sources"] == []


def test_without_confirmations_a_sales_only_account_has_no_cross_records():
    G = account_graph(sales_only(source("sales"), source("sales", kind="answer")))
    assert audit(G, as_of=AS_OF)["answers"]["cross_records"] is False
    assert confirmations(G, as_of=AS_OF) == 0


def test_a_non_sales_confirmation_answers_cross_records():
    for confirming in ("presales", "customer_success", "support", "interview"):
        G = account_graph(sales_only(source(confirming)))
        assert audit(G, as_of=AS_OF)["answers"]["cross_records"] is True, confirming
        assert confirmations(G, as_of=AS_OF) == 1


def test_the_count_leaves_out_sales_outdated_and_later_records():
    G = account_graph(sales_only(
        source("presales"),                                    # 1
        source("interview", kind="answer", field="goals"),     # 2
        source("support", target="company", field="culture"),  # 3
        source("sales"),                                       # sales: no
        source("customer_success", current=False),             # the value changed: no
        source("support", day=date(2026, 7, 1)),               # after as_of: no
    ))
    assert confirmations(G, as_of=AS_OF) == 3
    assert confirmations(G, as_of=date(2026, 7, 1)) == 4
    assert confirmations(G, as_of=date(2026, 2, 28)) == 0


def test_only_later_or_outdated_confirmations_leave_cross_records_false():
    G = account_graph(sales_only(source("support", day=date(2026, 7, 1)),
                                 source("presales", current=False)))
    result = audit(G, as_of=AS_OF)
    assert result["answers"]["cross_records"] is False
    assert result["missing"][-1].endswith("and no field is confirmed.")


def test_a_graph_built_by_hand_without_sources_counts_none():
    import networkx as nx

    assert confirmations(nx.MultiDiGraph(company_id="acme"), as_of=AS_OF) == 0
