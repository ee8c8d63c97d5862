"""What a viewer sees of a person: the sensitive fields left out of pages and API answers
(see :mod:`graphprofile.services.personal_data`); editors and admins see everything."""

from __future__ import annotations

from typing import Any

from flask import g

from graphprofile.services import personal_data

__all__ = ["answers_shown", "hidden", "person_shown", "sources_shown"]


def hidden() -> frozenset[str]:
    """The person fields hidden from the signed-in user (none for editors and admins)."""
    user = g.get("user") or {}
    return personal_data.hidden_fields(user.get("role"))


def person_shown(properties: dict[str, Any]) -> dict[str, Any]:
    """A person's properties as the signed-in user may see them."""
    gone = hidden()
    return {k: v for k, v in properties.items() if k not in gone}


def sources_shown(sources: dict[str, Any]) -> dict[str, Any]:
    """Where a person's fields come from, without the hidden fields (and their values)."""
    gone = hidden() if sources.get("target") == "person" else frozenset()
    return {**sources, "fields": [f for f in sources["fields"] if f["field"] not in gone]}


def answers_shown(answers: dict[str, Any]) -> dict[str, Any]:
    """Interview answers about a person, without those that fill a hidden field."""
    gone = hidden() if answers.get("target") == "person" else frozenset()
    return {**answers, "answers": [a for a in answers["answers"] if a["field"] not in gone]}
