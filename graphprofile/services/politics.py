"""The politics of a deal and an account: opponents' reach to the deciders, who can
counter them, informal coalitions (:mod:`graphprofile.analytics.politics`) and the
committee against its template (:mod:`graphprofile.analytics.committee`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from graphprofile.analytics import DEFAULTS, AnalyticsSettings, politics
from graphprofile.analytics.committee import TEMPLATE, Template
from graphprofile.analytics.committee import committee as committee_of
from graphprofile.errors import InvalidInput
from graphprofile.graph import account_graph
from graphprofile.services.analysis import owner_company
from graphprofile.store import Store
from graphprofile.store.records import account_snapshots

__all__ = ["blockers", "coalitions", "committee", "template_from"]

# People, their lines and the roles with the deals they point at: nothing else is read.
PARTS = frozenset({"people", "influence", "opportunities", "roles"})
# The committee reads engagement too: our colleagues' links and interactions.
COMMITTEE_PARTS = PARTS | {"colleagues", "relationships", "interactions"}


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


def committee(store: Store, opportunity_id: str, *, as_of: date,
              template: Template = TEMPLATE,
              settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """``{"opportunity_id", "company_id", "large", "roles", "required_filled",
    "coverage", "status", "reason"}``: the deal's committee against the template."""
    company_id = owner_company(store, "opportunities", opportunity_id, "opportunity")
    snapshot = next(account_snapshots(store, [company_id], parts=COMMITTEE_PARTS))
    found = committee_of(account_graph(snapshot), opportunity_id, as_of=as_of,
                         template=template, settings=settings)
    return {"opportunity_id": opportunity_id, "company_id": company_id, **found}


def template_from(path: Path | None) -> Template:
    """The committee template of a TOML file (the default without one)."""
    if path is None:
        return TEMPLATE
    try:
        return Template.from_toml(path)
    except (ValueError, OSError, TypeError) as exc:
        raise InvalidInput(f"bad committee template {path}: {exc}") from exc
