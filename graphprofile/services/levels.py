"""Relationship levels of an account or a person: current against target, largest gap
first (:mod:`graphprofile.analytics.levels`)."""

from __future__ import annotations

from typing import Any

from graphprofile.analytics.levels import relationship_levels
from graphprofile.errors import InvalidInput
from graphprofile.services.analysis import account_graph_of, person_company
from graphprofile.store import Store

__all__ = ["levels"]


def levels(store: Store, company_id: str | None = None, *,
           person_id: str | None = None) -> dict[str, Any]:
    """``{"company_id", "person_id", "relationships": [{"colleague_id", "colleague",
    "person_id", "person", "strength", "target_strength", "gap"}]}``: one account's, or
    one person's (their account then found from them)."""
    if person_id is not None:
        found = person_company(store, person_id)
        if company_id is not None and company_id != found:
            raise InvalidInput(f"person {person_id!r} is not at {company_id!r}")
        company_id = found
    elif company_id is None:
        raise InvalidInput("name an account or a person")
    G = account_graph_of(store, company_id)
    return {"company_id": company_id, "person_id": person_id,
            "relationships": relationship_levels(G, person_id=person_id)}
