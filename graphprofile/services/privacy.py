"""Personal data on request: erase a person, and log who did."""

from __future__ import annotations

from datetime import date
from typing import Any

from graphprofile import summaries
from graphprofile.errors import NotFound
from graphprofile.services.audit_log import record_audit
from graphprofile.store import Store
from graphprofile.store import accounts as repo

__all__ = ["ERASED_NAME", "erase_person"]

ERASED_NAME = "(erased)"


def erase_person(store: Store, person_id: str, *, actor: str,
                 on: date | None = None) -> dict[str, Any]:
    """Erase a person's personal data, keeping an anonymous placeholder in the org chart.

    Kept: id, company, department, reporting line, seniority and function (the
    structure of the customer's organisation, not personal data). Removed: every other
    attribute (name, title, contact details, KPIs, goals, pains, personality,
    hobbies, ...), our colleagues' relationships with the person, buying roles,
    influence lines, previous employers, interactions, and the interview answers and
    confirmations recorded about their fields; the company keeps only a count of
    erased interactions. The erasure is recorded in the audit log.
    """
    company_id = repo.person_company(store, person_id)
    if company_id is None:
        raise NotFound(f"no person with id {person_id!r}")
    day = on or date.today()
    repo.erase_person(store, person_id, placeholder=ERASED_NAME, erased_on=day)
    summaries.forget(store, [company_id])
    record_audit(store, actor=actor, action="erase", target_kind="person",
                 target_id=person_id, detail=f"personal data erased on {day.isoformat()}")
    return {"person_id": person_id, "company_id": company_id, "erased": True}
