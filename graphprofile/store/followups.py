"""Repository of follow-up and procurement progress: the opportunities, buying roles,
interactions and relationships' last contacts of some companies (or of every company),
dates as Python dates."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from graphprofile.store import Store

__all__ = ["contacts", "interactions", "opportunities", "role_holders"]


def _ids(company_ids: Collection[str] | None) -> list[str] | None:
    return None if company_ids is None else sorted(set(company_ids))


def _native(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v.to_native() if hasattr(v, "to_native") else v for k, v in row.items()}


def opportunities(store: Store, company_ids: Collection[str] | None = None
                  ) -> list[dict[str, Any]]:
    """``id, company_id, company_name, name, stage, created, closed`` of every opportunity
    of these companies (None: every company), by company and id."""
    return [_native(r) for r in store.read("followup_opportunities",
                                           company_ids=_ids(company_ids))]


def role_holders(store: Store, company_ids: Collection[str] | None = None
                 ) -> list[dict[str, Any]]:
    """``person_id, name, company_id, role, opportunity_id`` (None: account-wide) of every
    buying role at these companies."""
    return store.read("followup_roles", company_ids=_ids(company_ids))


def interactions(store: Store, company_ids: Collection[str] | None, as_of: date
                 ) -> list[dict[str, Any]]:
    """Interactions up to ``as_of`` with these companies' people or about their deals:
    ``id, date, colleague_id, colleague_name, person_id, person_name, type,
    opportunity_id, summary``, oldest first."""
    return [_native(r) for r in store.read("followup_interactions",
                                           company_ids=_ids(company_ids),
                                           as_of=as_of.isoformat())]


def contacts(store: Store, company_ids: Collection[str] | None, as_of: date
             ) -> list[dict[str, Any]]:
    """``colleague_id, person_id, last_contact`` of the relationships with these
    companies' people whose last contact is recorded, up to ``as_of``."""
    return [_native(r) for r in store.read("followup_contacts",
                                           company_ids=_ids(company_ids),
                                           as_of=as_of.isoformat())]
