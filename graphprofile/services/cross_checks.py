"""Cross-checked data: where each profile field of a company or person comes from, and
the confirmations of our non-sales functions (DOMAIN.md: pre-sales, customer success and
support records cross-check what sales entered).

A field's source is the latest interview answer (or other answer) that set the value it
still holds; a value nobody answered came with a bundle import (``import``, no record of
its own). Confirmations are records too: a field is *confirmed* when a record from a
confirming source (anything but ``sales`` and ``import``) still matches its value. A
record whose field has changed since (a later import or edit) no longer counts.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from contextlib import nullcontext
from datetime import UTC, date, datetime
from typing import Any

from graphprofile import summaries
from graphprofile.errors import InvalidInput, NotFound, Problem
from graphprofile.models import (
    CONFIRMING_SOURCES,
    STORED,
    ColleagueFunction,
    Company,
    Person,
    ProfileSource,
    Record,
)
from graphprofile.services.audit_log import record_audit
from graphprofile.services.history import recording
from graphprofile.store import Store
from graphprofile.store import field_sources as repo
from graphprofile.store.field_sources import Target

__all__ = ["RECORDED_SOURCES", "SOURCES", "TARGETS", "checked_target", "company_of",
           "confirm", "invalid", "parse_date", "parse_source", "profile_fields", "record_rows",
           "sources", "stored_target"]

TARGETS: dict[str, type[Record]] = {"company": Company, "person": Person}
SOURCES = tuple(s.value for s in ProfileSource)
# What a record may name as its source: import is where unrecorded values come from.
RECORDED_SOURCES = tuple(s for s in SOURCES if s != ProfileSource.IMPORT)
# A colleague's function as a source (the others are no source of profile data).
_FUNCTION_SOURCE = {ColleagueFunction.SALES: ProfileSource.SALES,
                    ColleagueFunction.PRESALES: ProfileSource.PRESALES,
                    ColleagueFunction.CUSTOMER_SUCCESS: ProfileSource.CUSTOMER_SUCCESS,
                    ColleagueFunction.SUPPORT: ProfileSource.SUPPORT}
# Fields that identify a record rather than describe it.
_IDENTITY = frozenset({"id", "company_id"})
# Fields an answer may set that the import history follows (graphprofile.analytics.history).
_FOLLOWED = frozenset({"name", "revenue", "employees", "title", "department_id",
                       "reports_to"})
_FILES = {"company": "companies", "person": "people"}


def invalid(target: str, column: str, reason: str) -> InvalidInput:
    """An InvalidInput naming the field (``column``) and the reason."""
    return InvalidInput(f"{column}: {reason}",
                        [Problem(_FILES.get(target, target), None, column, reason)])


def profile_fields(target: str) -> tuple[str, ...]:
    """The fields of a company or person that carry a source: every field of its record
    but the ids.

    >>> profile_fields("person")[:3]
    ('name', 'department_id', 'title')
    """
    return tuple(f for f in _model(target).model_fields if f not in _IDENTITY)


def _model(target: str) -> type[Record]:
    return TARGETS[checked_target(target)]


def checked_target(target: str) -> Target:
    """``target`` when it is ``company`` or ``person``; InvalidInput otherwise."""
    if target == "company":
        return "company"
    if target == "person":
        return "person"
    raise InvalidInput(f"target: {target!r} is neither 'company' nor 'person'")


def stored_target(store: Store, target: str, target_id: str) -> dict[str, Any]:
    """The stored properties of the company or person; NotFound when not stored."""
    props = repo.target_properties(store, checked_target(target), target_id)
    if props is None:
        raise NotFound(f"no {target} with id {target_id!r}")
    return props


def company_of(target: str, props: dict[str, Any]) -> str:
    """The account a company or person belongs to."""
    return str(props["id"] if target == "company" else props["company_id"])


def parse_date(value: date | str | None) -> date:
    """A record's date: ``value`` (a date or ISO text), today when None."""
    if value is None or value == "":
        return date.today()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(f"date: expected YYYY-MM-DD, got {value!r}",
                           [Problem("field_sources", None, "date",
                                    f"expected YYYY-MM-DD, got {value!r}")]) from None


def _colleague(store: Store, colleague_id: str | None) -> dict[str, Any] | None:
    if not colleague_id:
        return None
    found = repo.colleague(store, colleague_id)
    if found is None:
        raise InvalidInput(f"by: no colleague with id {colleague_id!r}",
                           [Problem("field_sources", None, "by",
                                    f"no colleague with id {colleague_id!r}")])
    return found


def parse_source(store: Store, source: str | None, by: str | None, *,
                 default: ProfileSource | None = None) -> tuple[ProfileSource, str | None]:
    """The source of a record and the colleague who gave it (checked to be stored).

    Without ``source`` the colleague's function is the source (sales, presales,
    customer_success or support), else ``default``; InvalidInput when none applies.
    """
    colleague = _colleague(store, by)
    if source:
        try:
            chosen = ProfileSource(source)
        except ValueError:
            raise _bad_source(f"unknown source {source!r}") from None
        if chosen == ProfileSource.IMPORT:
            raise _bad_source("import is the source of values no one recorded; a record "
                              "names who gave it")
        return chosen, by or None
    if colleague is not None:
        function = str(colleague.get("function") or "")
        mapped = next((s for f, s in _FUNCTION_SOURCE.items() if f.value == function), None)
        if mapped is None:
            raise _bad_source(f"colleague {by!r} works in {function or 'no function'}, "
                              "which is no source of profile data; give the source")
        return mapped, by
    if default is not None:
        return default, None
    raise _bad_source("give the source, or the colleague (by) whose function it is")


def _bad_source(reason: str) -> InvalidInput:
    reason = f"{reason} (one of {', '.join(RECORDED_SOURCES)})"
    return InvalidInput(f"source: {reason}", [Problem("field_sources", None, "source",
                                                      reason)])


def record_rows(store: Store, target: Target, target_id: str, company_id: str,
                rows: list[dict[str, Any]], *, actor: str | None,
                action: str, details: Iterable[str]) -> list[str]:
    """Write source records (see :func:`graphprofile.store.field_sources.record`), then
    forget the account's stored summary and log one audit entry per record when the
    actor is known. Each row's ``record`` gains its id, target, account and time."""
    at = datetime.now(UTC)
    for row in rows:
        row["id"] = secrets.token_hex(8)
        row["record"] = {**row["record"], "id": row["id"], "target": target,
                         "target_id": target_id, "company_id": company_id,
                         "field": row["field"], "actor": actor,
                         "recorded_at": at.isoformat(timespec="microseconds")}
    followed = any(_FOLLOWED & set(row.get("assign") or {}) for row in rows)
    day = rows[0]["record"].get("date") if rows else None
    # An answer that changes what the import history follows is one of its edits.
    with (recording(store, company_ids=[company_id], on=day if isinstance(day, date) else None)
          if followed else nullcontext()):
        recorded = repo.record(store, target, target_id, rows)
    summaries.forget(store, [company_id])
    if actor:
        for detail in details:
            record_audit(store, actor=actor, action=action, target_kind=target,
                         target_id=target_id, detail=detail, at=at)
    return recorded


def confirm(store: Store, target: str, target_id: str, field: str, *,
            source: str | None = None, by: str | None = None,
            on: date | str | None = None, actor: str | None = None) -> dict[str, Any]:
    """Record that ``source`` (or colleague ``by``'s function) confirmed the value a
    field of a company or person holds. Returns the field as :func:`sources` gives it.

    Raises NotFound for an unknown company or person, InvalidInput for a field that is
    no profile field or holds no value, an unknown source or colleague, a colleague
    whose function is no source, or a bad date.
    """
    props = stored_target(store, target, target_id)
    if field not in profile_fields(target):
        raise invalid(target, "field", f"{field!r} is not a profile field of a {target} "
                      f"(one of {', '.join(profile_fields(target))})")
    if props.get(field) in (None, []):
        raise invalid(target, field, f"{field} holds no value to confirm")
    chosen, colleague = parse_source(store, source, by)
    day = parse_date(on)
    row = {"field": field, "assign": {},
           "record": {"kind": "confirmation", "source": chosen.value, "date": day,
                      "by": colleague}}
    detail = f"{field} confirmed by {chosen.value} on {day.isoformat()}"
    if colleague:
        detail += f" ({colleague})"
    recorded = record_rows(store, checked_target(target), target_id,
                           company_of(target, props), [row], actor=actor, action="confirm",
                           details=[detail])
    if not recorded:  # emptied by someone else since it was read
        raise invalid(target, field, f"{field} holds no value to confirm")
    found = sources(store, target, target_id)
    return next(f for f in found["fields"] if f["field"] == field)


def sources(store: Store, target: str, target_id: str) -> dict[str, Any]:
    """Where each field that holds a value comes from: ``{"target", "target_id",
    "fields": [{"field", "value", "source", "date", "confirmed", "confirmed_by", "by"}]}``
    in the record's field order. ``source`` and ``date`` are those of the latest answer
    that set the value (``import`` and None when none did); ``confirmed_by`` the
    confirming sources whose records match the value, in the order of
    :data:`SOURCES`; ``by`` the colleague who gave the answer.
    """
    props = stored_target(store, target, target_id)
    model = _model(target)
    # The record's own fields, as JSON gives them (import extras may hold driver types).
    values = model.model_validate(props, context=STORED).model_dump(
        mode="json", include=set(profile_fields(target)))
    current: dict[str, list[dict[str, Any]]] = {}
    for rec in repo.sources_of(store, checked_target(target), target_id):
        if rec["current"]:
            current.setdefault(rec["field"], []).append(rec)
    fields = []
    for field in profile_fields(target):
        value = values.get(field)
        if value is None or value == []:
            continue
        records = current.get(field, [])
        answers = sorted((r for r in records if r.get("kind") == "answer"),
                         key=lambda r: (_iso(r.get("date")) or "", r.get("recorded_at") or ""))
        latest = answers[-1] if answers else None
        confirming = {str(r["source"]) for r in records if r["source"] in CONFIRMING_SOURCES}
        fields.append({
            "field": field, "value": value,
            "source": str(latest["source"]) if latest else ProfileSource.IMPORT.value,
            "date": _iso(latest["date"]) if latest else None,
            "confirmed": bool(confirming),
            "confirmed_by": [s for s in SOURCES if s in confirming],
            "by": latest.get("by") if latest else None,
        })
    return {"target": target, "target_id": target_id, "fields": fields}


def _iso(value: Any) -> str | None:
    """A stored date (a Neo4j Date) as ISO text."""
    if value is None:
        return None
    if hasattr(value, "to_native"):
        value = value.to_native()
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
