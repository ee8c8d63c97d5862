"""Follow-up and procurement progress: per opportunity its stage history (from the
import history) and every follow-up, days since the last touch of its key people,
alerts for decision makers and economic buyers not touched within the cadence, and
the median days per stage (the rules: :mod:`graphprofile.analytics.followups`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from graphprofile.analytics import followups as method
from graphprofile.errors import InvalidInput, NotFound
from graphprofile.store import Store
from graphprofile.store import followups as repo
from graphprofile.store.history import changes_of_kinds
from graphprofile.store.records import StoreLookup

__all__ = ["DEFAULT_CADENCE", "MAX_CADENCE", "follow_ups"]

DEFAULT_CADENCE = method.DEFAULT_CADENCE
MAX_CADENCE = 3650  # ten years: anything longer is a typo


def follow_ups(store: Store, *, company_id: str | None = None,
               opportunity_id: str | None = None, as_of: date,
               cadence_days: int = DEFAULT_CADENCE) -> dict[str, Any]:
    """``{"as_of", "cadence_days", "opportunities", "alerts", "velocity"}`` of the
    portfolio, one company's opportunities or one opportunity.

    Velocity spans the company asked, else the whole portfolio (an opportunity asked
    alone is compared with every deal). Raises NotFound for an unknown company or
    opportunity, InvalidInput for a cadence outside 1..3650 days or an opportunity of
    another company than the one asked.
    """
    if isinstance(cadence_days, bool) or not isinstance(cadence_days, int) \
            or not 1 <= cadence_days <= MAX_CADENCE:
        raise InvalidInput(f"cadence must be a whole number of days from 1 to "
                           f"{MAX_CADENCE}, got {cadence_days!r}")
    lookup = StoreLookup(store)
    if company_id is not None and not lookup.lookup("companies", [company_id]):
        raise NotFound(f"no company with id {company_id!r}")
    listed: list[str] | None = None  # the accounts whose opportunities are listed
    if opportunity_id is not None:
        owner = lookup.lookup("opportunities", [opportunity_id]).get(opportunity_id)
        if owner is None:
            raise NotFound(f"no opportunity with id {opportunity_id!r}")
        if company_id is not None and owner != company_id:
            raise InvalidInput(f"opportunity {opportunity_id!r} is not at company "
                               f"{company_id!r} but at {owner!r}")
        listed = [str(owner)]
    elif company_id is not None:
        listed = [company_id]
    compared = [company_id] if company_id is not None else None

    deals = [method.Deal(r["id"], r["company_id"], r["name"] or r["id"], str(r["stage"]),
                         created=r["created"], closed=r["closed"],
                         company_name=r["company_name"])
             for r in repo.opportunities(store, compared)]
    entries = changes_of_kinds(store, method.STAGE_KINDS, compared)
    roles = [method.RoleHolder(r["person_id"], r["company_id"], str(r["role"]),
                               r["opportunity_id"], name=r["name"])
             for r in repo.role_holders(store, listed)]
    touches = [method.FollowUp(r["id"], r["date"], r["colleague_id"], r["person_id"],
                               str(r["type"]), r["opportunity_id"], r["summary"],
                               colleague_name=r["colleague_name"],
                               person_name=r["person_name"])
               for r in repo.interactions(store, listed, as_of)]
    known = [method.Contact(r["colleague_id"], r["person_id"], r["last_contact"])
             for r in repo.contacts(store, listed, as_of)]
    only = ({opportunity_id} if opportunity_id is not None
            else None if listed is None else {d.id for d in deals if d.company_id in listed})
    report = method.follow_up_report(deals, entries, roles, touches, known, as_of=as_of,
                                     cadence_days=cadence_days, only=only)
    return {"as_of": as_of.isoformat(), "cadence_days": cadence_days, **report}
