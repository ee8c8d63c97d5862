"""How fragile an account's coverage is: the relationship bus factor of its key persons,
and what one customer-side person's departure would cost (see
:mod:`graphprofile.analytics.resilience`)."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from graphprofile import portfolio
from graphprofile.analytics import DEFAULTS, AnalyticsSettings, resilience
from graphprofile.errors import InvalidInput
from graphprofile.graph import account_graph
from graphprofile.services.analysis import COVERAGE_PARTS, person_company
from graphprofile.store import Store
from graphprofile.store.records import account_snapshots

__all__ = ["bus_factor", "bus_factors", "departure_view", "what_if"]


def _graph(store: Store, company_id: str):
    """The account's graph with only what coverage and warm paths read."""
    snapshot = next(account_snapshots(store, [company_id], parts=COVERAGE_PARTS))
    return account_graph(snapshot)


def bus_factor(store: Store, company_id: str, *, as_of: date | None = None,
               settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """``{"company_id", "size", "targets": [{"person_id", "size", "cut"}]}``, with
    relationships decayed to ``as_of``."""
    return {"company_id": company_id,
            **resilience.bus_factor(_graph(store, company_id), as_of=as_of,
                                    settings=settings)}


def what_if(store: Store, company_id: str, person_id: str, *, as_of: date,
            settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """What the account loses if the person leaves: ``{"company_id", "person_id",
    "engaged_contacts", "influence_coverage", "warm_paths", "unreachable"}``."""
    works_at = person_company(store, person_id)
    if works_at != company_id:
        raise InvalidInput(f"person {person_id!r} works at {works_at!r}, not {company_id!r}")
    found = resilience.departure(_graph(store, company_id), person_id, as_of=as_of,
                                 settings=settings)
    return {"company_id": company_id, "person_id": person_id, **found}


def departure_view(store: Store, person_id: str, *, as_of: date,
                   settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """The what-if of a person's page: :func:`what_if` of their own account, with the
    ``names`` (``{"person", "colleague", "company"}``: id -> name) the answer mentions."""
    company_id = person_company(store, person_id)
    G = _graph(store, company_id)
    found = resilience.departure(G, person_id, as_of=as_of, settings=settings)
    names: dict[str, dict[str, str]] = {"person": {}, "colleague": {}, "company": {}}
    for node, attrs in G.nodes(data=True):
        if node[0] in names:
            names[node[0]][node[1]] = str(attrs.get("name") or node[1])
    return {"company_id": company_id, "person_id": person_id, **found, "names": names}


def bus_factors(store: Store, company_ids: list[str], *, as_of: date | None = None,
                settings: AnalyticsSettings = DEFAULTS) -> dict[str, dict[str, Any]]:
    """The bus factor of each account, read in chunks: ``{company_id: {"size",
    "targets"}}`` (a page of the gaps screen), relationships decayed to ``as_of``."""
    question = partial(resilience.bus_factor, as_of=as_of, settings=settings)
    return dict(portfolio.answers(store, question, company_ids, workers=1,
                                  parts=COVERAGE_PARTS))
