"""Personal data on request: erase a person, and the audit log of who changed what."""

from __future__ import annotations

import getpass
import os
from datetime import UTC, date, datetime
from typing import Any

from graphprofile import summaries
from graphprofile.errors import NotFound
from graphprofile.store import Store

__all__ = ["ERASED_NAME", "current_actor", "erase_person", "audit_log", "record_audit"]

ERASED_NAME = "(erased)"


def current_actor() -> str:
    """Who is acting from a shell: ``$GRAPHPROFILE_ACTOR``, else the login name."""
    try:
        return os.environ.get("GRAPHPROFILE_ACTOR") or getpass.getuser()
    except OSError:  # no login name (a container without /etc/passwd entry)
        return "unknown"


def record_audit(store: Store, *, actor: str, action: str, target_kind: str,
                 target_id: str, detail: str = "", at: datetime | None = None) -> None:
    """Append one entry to the audit log."""
    when = (at or datetime.now(UTC)).isoformat()
    store.write("record_audit", at=when, actor=actor, action=action,
                target_kind=target_kind, target_id=target_id, detail=detail)


def erase_person(store: Store, person_id: str, *, actor: str,
                 on: date | None = None) -> dict[str, Any]:
    """Erase a person's personal data, keeping an anonymous placeholder in the org chart.

    Kept: id, company, department, reporting line, seniority and function (the
    structure of the customer's organisation, not personal data). Removed: every other
    attribute (name, title, contact details, KPIs, goals, pains, personality,
    hobbies, ...), our colleagues' relationships with the person, buying roles,
    influence lines, previous employers and interactions; the company keeps only a
    count of erased interactions. The erasure is recorded in the audit log.
    """
    found = store.read("find_person", person_id=person_id)
    if not found:
        raise NotFound(f"no person with id {person_id!r}")
    day = on or date.today()
    store.write("erase_person", person_id=person_id, placeholder=ERASED_NAME, erased_on=day)
    summaries.forget(store, [found[0]["company_id"]])
    record_audit(store, actor=actor, action="erase", target_kind="person",
                 target_id=person_id, detail=f"personal data erased on {day.isoformat()}")
    return {"person_id": person_id, "company_id": found[0]["company_id"], "erased": True}


def audit_log(store: Store, *, target_id: str | None = None,
              limit: int = 1000) -> list[dict[str, Any]]:
    """Audit entries, newest first (optionally for one record)."""
    return store.read("list_audit", target_id=target_id, limit=limit)
