"""The eight-question completeness audit of an account profile (DOMAIN.md).

Each question is answered true or false from the account graph; only interactions dated
on or before ``as_of`` count.

==========================  ===========================================================
answer                      true when
==========================  ===========================================================
``industry``                the company has industry, industry_rank and revenue_growth
``classification``          the company has a strategic_class
``roles``                   at least one buying role is recorded (any opportunity or
                            account-wide)
``lead_source``             the company has lead_source, lead_date and lead_reliability,
                            or an opportunity has lead_source, lead_reliability and its
                            ``created`` date (the arrival time)
``follow_ups``              at least one interaction
``procurement_progress``    at least one opportunity past ``lead`` (qualified, proposal,
                            negotiation, won, lost) or with a ``closed`` date
``communications``          an interaction with a non-empty summary
``cross_records``           an interaction or relationship from a colleague whose function
                            is in ``settings.cross_record_functions`` (presales,
                            customer_success, support, engineering), or a confirmation
                            (see :func:`confirmations`)
==========================  ===========================================================

The score is the number of true answers (0..8); ``missing`` explains each false one in
the order above.
"""

from __future__ import annotations

from datetime import date

import networkx as nx

from graphprofile.analytics.settings import DEFAULTS, AnalyticsSettings
from graphprofile.models import CONFIRMING_SOURCES, OpportunityStage

__all__ = ["QUESTIONS", "audit", "confirmations"]

QUESTIONS: dict[str, str] = {
    "industry": "Industry, industry ranking and revenue growth are not all recorded.",
    "classification": "The account has no strategic classification.",
    "roles": "No buying roles are recorded for anyone at the account.",
    "lead_source": "The original lead source, arrival date and reliability are not recorded.",
    "follow_ups": "No follow-up (interaction) is recorded.",
    "procurement_progress": "No opportunity has progressed past the lead stage.",
    "communications": "No interaction records what was discussed (no summary).",
    "cross_records": ("No records from pre-sales, customer success, support or engineering "
                      "cross-check what sales entered, and no field is confirmed."),
}


def _given(value: object) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def confirmations(G: nx.MultiDiGraph, *, as_of: date) -> int:
    """How many profile fields of the account's company and people are confirmed.

    Counts the records of ``G.graph["field_sources"]`` (interview answers and
    confirmations) dated on or before ``as_of`` whose source confirms (any but ``sales``
    and ``import``, see :data:`~graphprofile.models.CONFIRMING_SOURCES`) and whose field
    still holds the value recorded.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An account graph (see :func:`graphprofile.graph.account_graph`).
    as_of : datetime.date
        Records dated after this day don't count.

    Returns
    -------
    int

    Examples
    --------
    >>> from datetime import date
    >>> record = {"target": "person", "target_id": "p1", "field": "pains",
    ...           "kind": "confirmation", "date": date(2026, 1, 5), "current": True}
    >>> G = nx.MultiDiGraph(company_id="acme", field_sources=[
    ...     {**record, "source": "presales"},
    ...     {**record, "source": "sales"},                           # sales: no confirmation
    ...     {**record, "source": "support", "current": False},       # the value changed since
    ...     {**record, "source": "interview", "date": date(2026, 3, 1)}])  # after as_of
    >>> confirmations(G, as_of=date(2026, 2, 1))
    1
    """
    return sum(1 for s in G.graph.get("field_sources", ())
               if s["source"] in CONFIRMING_SOURCES and s["current"] and s["date"] <= as_of)


def audit(G: nx.MultiDiGraph, *, as_of: date, settings: AnalyticsSettings = DEFAULTS) -> dict:
    """Answer the eight profile questions for one account.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An account graph (see :func:`graphprofile.graph.account_graph`).
    as_of : datetime.date
        Interactions after this day don't count.
    settings : AnalyticsSettings, optional
        ``cross_record_functions``.

    Returns
    -------
    dict
        ``{"answers": {question: bool}, "score": int, "missing": [sentence, ...]}`` with
        the questions in the order of :data:`QUESTIONS`.

    Examples
    --------
    >>> from datetime import date
    >>> G = nx.MultiDiGraph(company_id="acme")
    >>> G.add_node(("company", "acme"), kind="company", industry="retail",
    ...            industry_rank=2, revenue_growth=0.1, strategic_class="develop")
    >>> G.add_node(("colleague", "c1"), kind="colleague", function="presales")
    >>> G.add_edge(("colleague", "c1"), ("person", "p1"), key="interacted:i1",
    ...            date=date(2026, 1, 5), summary="Demo of the BI suite")
    'interacted:i1'
    >>> result = audit(G, as_of=date(2026, 2, 1))
    >>> result["score"], [k for k, ok in result["answers"].items() if not ok]
    (5, ['roles', 'lead_source', 'procurement_progress'])
    >>> result["missing"][0]
    'No buying roles are recorded for anyone at the account.'
    """
    company_key = ("company", G.graph["company_id"]) if "company_id" in G.graph else min(
        (n for n, k in G.nodes(data="kind") if k == "company"), default=None)
    company = G.nodes[company_key] if company_key in G else {}
    opportunities = [a for _, a in sorted(G.nodes(data=True)) if a.get("kind") == "opportunity"]
    interactions = [a for u, v, key, a in G.edges(keys=True, data=True)
                    if key.startswith("interacted:") and a.get("date") is not None
                    and a["date"] <= as_of]
    cross = set(settings.cross_record_functions)

    def crosses(colleague: tuple[str, str], key: str, attrs: dict) -> bool:
        if colleague[0] != "colleague" or str(G.nodes[colleague].get("function")) not in cross:
            return False
        if key == "knows":
            return True
        return (key.startswith("interacted:") and attrs.get("date") is not None
                and attrs["date"] <= as_of)

    answers = {
        "industry": all(_given(company.get(f))
                        for f in ("industry", "industry_rank", "revenue_growth")),
        "classification": _given(company.get("strategic_class")),
        "roles": any(key.startswith("role:") for _, _, key in G.edges(keys=True)),
        "lead_source": (
            all(_given(company.get(f)) for f in ("lead_source", "lead_date", "lead_reliability"))
            or any(all(_given(o.get(f)) for f in ("lead_source", "lead_reliability", "created"))
                   for o in opportunities)),
        "follow_ups": bool(interactions),
        "procurement_progress": any(
            (o.get("stage") is not None and o["stage"] != OpportunityStage.LEAD)
            or o.get("closed") is not None for o in opportunities),
        "communications": any(_given(a.get("summary")) for a in interactions),
        "cross_records": (any(crosses(u, key, a) for u, _, key, a in
                              G.edges(keys=True, data=True))
                          or confirmations(G, as_of=as_of) > 0),
    }
    return {
        "answers": answers,
        "score": sum(answers.values()),
        "missing": [QUESTIONS[q] for q, ok in answers.items() if not ok],
    }
