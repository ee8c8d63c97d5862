"""The politics of a deal and an account: opponents' reach to the deciders, who can
counter them, and informal coalitions (see :mod:`graphprofile.analytics.politics`)."""

from __future__ import annotations

from typing import Any

from graphprofile.analytics import DEFAULTS, AnalyticsSettings, politics
from graphprofile.errors import InvalidInput
from graphprofile.graph import account_graph
from graphprofile.services.analysis import owner_company
from graphprofile.store import Store
from graphprofile.store.records import account_snapshots

__all__ = ["blockers", "coalitions"]

# People, their lines and the roles with the deals they point at: nothing else is read.
PARTS = frozenset({"people", "influence", "opportunities", "roles"})


def _graph(store: Store, company_id: str):
    return account_graph(next(account_snapshots(store, [company_id], parts=PARTS)))


def blockers(store: Store, opportunity_id: str, *,
             settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """``{"opportunity_id", "company_id", "deciders", "blockers": [{"person_id", "roles",
    "paths", "counters"}]}``."""
    company_id = owner_company(store, "opportunities", opportunity_id, "opportunity")
    found = politics.blockers(_graph(store, company_id), opportunity_id, settings=settings)
    return {"opportunity_id": opportunity_id, "company_id": company_id, **found}


def coalitions(store: Store, company_id: str, *,
               opportunity_id: str | None = None) -> dict[str, Any]:
    """``{"company_id", "opportunity_id", "coalitions": [{"members", "size", "leader",
    "supporters", "opponents"}]}``; with a deal, only among its committee."""
    G = _graph(store, company_id)
    people = None
    if opportunity_id is not None:
        if owner_company(store, "opportunities", opportunity_id, "opportunity") != company_id:
            raise InvalidInput(f"opportunity {opportunity_id!r} is not {company_id!r}'s")
        people = {u[1] for u, v in G.in_edges(("opportunity", opportunity_id))
                  if u[0] == "person"}
    return {"company_id": company_id, "opportunity_id": opportunity_id,
            "coalitions": politics.coalitions(G, people=people)}
