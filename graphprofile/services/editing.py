"""The edit forms' writes: one record checked the way a bundle is (a one-row bundle
validated against the store), written by the importer's batch writer, and the account's
stored summary forgotten, so the forms and `graphprofile import` accept and store exactly
the same things."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graphprofile import summaries
from graphprofile.errors import Conflict, InvalidInput, NotFound, Problem
from graphprofile.importer.bundle import Bundle
from graphprofile.importer.load import write_checked
from graphprofile.importer.rules import error_problems
from graphprofile.importer.validate import ValidationReport, validate
from graphprofile.models import (
    SPECS,
    Interaction,
    Person,
    Record,
    Relationship,
    Role,
    RoleAssignment,
)
from graphprofile.services.analysis import person_company
from graphprofile.services.history import FOLLOWED, recording
from graphprofile.store import Store
from graphprofile.store import accounts as repo
from graphprofile.store.records import StoreLookup, to_row

__all__ = [
    "parse_record", "person_version", "record_interaction", "record_relationship",
    "remove_role", "save_person", "set_role",
]


def _invalid(file: str, column: str | None, reason: str) -> InvalidInput:
    return InvalidInput(reason, [Problem(file, None, column, reason)])


def parse_record(name: str, values: Mapping[str, Any]) -> Record:
    """Values of a form as the record of bundle file ``name`` (``"people"``, ``"roles"`` ...).

    Blank values are left out, so a field's default applies.

    Raises
    ------
    InvalidInput
        With one :class:`Problem` per bad column (file ``name``, row None).
    """
    spec = SPECS[name]
    given = {key: value for key, value in values.items()
             if value is not None and not (isinstance(value, str) and not value.strip())}
    try:
        return spec.model.model_validate(given)
    except ValidationError as exc:
        problems = error_problems(name, None, spec, exc)  # type: ignore[arg-type]
        raise InvalidInput("; ".join(map(str, problems)), problems) from None


def _check_record(store: Store, name: str,
                  record: Record) -> tuple[Bundle, ValidationReport]:
    """Check one record like a one-row bundle (references, same company)."""
    bundle = Bundle(Path(f"{name}.json"), {name: [to_row(record)]})
    report = validate(bundle, existing=StoreLookup(store))
    report.raise_for_problems()
    return bundle, report


def _write_record(store: Store, name: str, record: Record, company_id: str) -> None:
    """Check one record like a one-row bundle, then write it (``company_id``: the
    account it changes, whose portfolio summary is then recomputed)."""
    checked = _check_record(store, name, record)
    with _history(store, name, company_id):
        result = write_checked(store, *checked, affected_companies=[company_id])
    summaries.forget(store, result.companies)


def _history(store: Store, name: str, company_id: str) -> AbstractContextManager[Any]:
    """Record what a write to the account changes in its import history (only the
    files whose records the history follows)."""
    return (recording(store, company_ids=[company_id]) if name in FOLLOWED
            else nullcontext())


def person_version(person: Person) -> str:
    """A fingerprint of a stored person: the edit form carries it, so a save can tell
    whether someone else changed the person in the meantime."""
    canonical = json.dumps(person.to_properties(), sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def save_person(store: Store, person: Person, *, expected_version: str | None = None) -> Person:
    """Add a person or update their profile, department and manager.

    Columns the record does not carry but the stored person has (extra import columns)
    are kept. With ``expected_version`` (from :func:`person_version` when the editor
    loaded the person) the save happens only if the stored person is still that
    version: the check and the write share one transaction holding the person's lock.
    Returns the person as written.

    Raises
    ------
    NotFound
        The company is not stored.
    InvalidInput
        A department, manager or previous employer that is unknown or (department,
        manager) at another company; a reporting loop; a person stored at another company.
    Conflict
        Someone else changed (or erased) the person since ``expected_version``.
    """
    if not StoreLookup(store).lookup("companies", [person.company_id]):
        raise NotFound(f"no company with id {person.company_id!r}")
    props = repo.person_properties(store, person.id)
    if props is not None:
        if props.get("company_id") != person.company_id:
            raise _invalid("people", "company_id", (
                f"person {person.id!r} works at {props.get('company_id')!r}, "
                f"not {person.company_id!r}"))
        kept = {k: v for k, v in props.items() if k not in Person.model_fields}
        if kept:
            person = Person.model_validate({**kept, **person.model_dump(exclude_none=True)})
    if person.reports_to and person.id in repo.manager_chain(store, person.reports_to):
        raise _invalid("people", "reports_to", (
            f"reporting loop: {person.reports_to!r} already reports to {person.id!r}"))
    if expected_version is None:
        _write_record(store, "people", person, person.company_id)
        return person
    _check_record(store, "people", person)
    row = to_row(person)

    def check(current: dict[str, Any] | None) -> None:
        if current is None or person_version(
                Person.model_validate(current)) != expected_version:
            raise Conflict(f"person {person.id!r} was changed by someone else since it "
                           "was opened; reload to see the changes, then edit again")

    with _history(store, "people", person.company_id):
        repo.replace_person(store, row, check)
    summaries.forget(store, [person.company_id])
    return person


def set_role(store: Store, assignment: RoleAssignment) -> RoleAssignment:
    """Give a person a buying role and stance, on an opportunity of their account or
    account-wide; the same role on the same opportunity is updated.

    Raises NotFound for an unknown person, InvalidInput for an opportunity that is
    unknown or belongs to another company.
    """
    company_id = person_company(store, assignment.person_id)
    _write_record(store, "roles", assignment, company_id)
    return assignment


def remove_role(store: Store, person_id: str, role: str,
                opportunity_id: str | None = None) -> None:
    """Remove one buying role of a person (account-wide when ``opportunity_id`` is None).

    Raises NotFound for an unknown person or a role they do not hold, InvalidInput for
    an unknown role name.
    """
    company_id = person_company(store, person_id)
    try:
        value = Role(role).value
    except ValueError:
        raise _invalid("roles", "role", f"unknown role {role!r}") from None
    with _history(store, "roles", company_id):
        removed = repo.delete_role(store, person_id, value, opportunity_id)
    if not removed:
        where = f"on {opportunity_id!r}" if opportunity_id else "account-wide"
        raise NotFound(f"person {person_id!r} holds no {value} role {where}")
    summaries.forget(store, [company_id])


def record_relationship(store: Store, relationship: Relationship) -> Relationship:
    """Record how well a colleague knows a person; values not given keep their stored value.

    Raises NotFound for an unknown person, InvalidInput for an unknown colleague.
    """
    company_id = person_company(store, relationship.person_id)
    stored = repo.relationship_properties(store, relationship.colleague_id,
                                          relationship.person_id)
    if stored is not None:
        relationship = Relationship.model_validate(
            {**stored, **relationship.model_dump(exclude_unset=True)})
    _write_record(store, "relationships", relationship, company_id)
    return relationship


def record_interaction(store: Store, interaction: Interaction) -> Interaction:
    """Log a touch point with a person, optionally about an opportunity of their account.

    Raises NotFound for an unknown person, InvalidInput for an unknown colleague or an
    opportunity that is unknown or belongs to another company.
    """
    company_id = person_company(store, interaction.person_id)
    if interaction.opportunity_id:
        owner = StoreLookup(store).lookup(
            "opportunities", [interaction.opportunity_id]).get(interaction.opportunity_id)
        if owner is not None and owner != company_id:
            raise _invalid("interactions", "opportunity_id", (
                f"opportunity {interaction.opportunity_id!r} belongs to company {owner!r}, "
                f"not {company_id!r} (the person's company)"))
    _write_record(store, "interactions", interaction, company_id)
    return interaction


