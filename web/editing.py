"""Writes the add-person form needs, through the store's record functions.

Kept apart from the read-only page models; a ``services.add_person`` use case would be
the better home (see the web explorer's notes).
"""

from __future__ import annotations

from typing import Any

from graphprofile.errors import NotFound
from graphprofile.models import Person
from graphprofile.store import Store
from graphprofile.store.records import StoreLookup, account_snapshot, link, upsert

__all__ = ["account_choices", "add_person", "check_references"]


def account_choices(store: Store, company_id: str) -> dict[str, Any]:
    """The company with its departments and people, for the form's drop-downs."""
    snapshot = account_snapshot(store, company_id)
    return {
        "company": snapshot.company,
        "departments": sorted(snapshot.departments, key=lambda d: d.name.lower()),
        "people": sorted(snapshot.people, key=lambda p: p.name.lower()),
    }


def check_references(store: Store, person: Person) -> dict[str, str]:
    """Form errors for a department or manager that is not at the person's company."""
    lookup = StoreLookup(store)
    if not lookup.lookup("companies", [person.company_id]):
        raise NotFound(f"no company with id {person.company_id!r}")
    errors = {}
    if person.department_id and lookup.lookup(
            "departments", [person.department_id]).get(person.department_id) != person.company_id:
        errors["department_id"] = "Choose a department of this company."
    if person.reports_to and lookup.lookup(
            "people", [person.reports_to]).get(person.reports_to) != person.company_id:
        errors["reports_to"] = "Choose a manager who works at this company."
    return errors


def add_person(store: Store, person: Person) -> None:
    """Store the person and their reporting line."""
    upsert(store, "people", [person])
    if person.reports_to:
        link(store, "people", [person])
