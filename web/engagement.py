"""Engagement, recorded from the person page: buying roles, relationships, interactions."""

from __future__ import annotations

import secrets
from typing import Any

from flask import Blueprint, redirect

from graphprofile import services
from graphprofile.errors import InvalidInput
from web import editing, get_store, link
from web.people import profile_page

bp = Blueprint("engagement", __name__, url_prefix="/people/<person_id>")

# form name -> (bundle file, fields, service, anchor on the person page)
FORMS = {
    "role": ("roles", ("role", "stance", "opportunity_id", "note"), services.set_role,
             "roles"),
    "relationship": ("relationships", ("colleague_id", "strength", "last_contact"),
                     services.record_relationship, "relationships"),
    "interaction": ("interactions",
                    ("date", "colleague_id", "type", "opportunity_id", "summary"),
                    services.record_interaction, "interactions"),
}


def _record(form: str, person_id: str, **generated: str) -> Any:
    name, fields, save, anchor = FORMS[form]
    values = editing.values(fields)
    try:
        record = services.parse_record(name, {**values, **generated, "person_id": person_id})
        save(get_store(), record)  # type: ignore[operator]
    except InvalidInput as exc:
        return profile_page(person_id, form, values, editing.field_errors(exc, fields), 400)
    return redirect(link("people.show", person_id=person_id) + f"#{anchor}", code=303)


@bp.post("/roles")
def set_role(person_id: str) -> Any:
    return _record("role", person_id)


@bp.post("/roles/remove")
def remove_role(person_id: str) -> Any:
    values = editing.values(("role", "opportunity_id"))
    services.remove_role(get_store(), person_id, values["role"],
                         values["opportunity_id"] or None)
    return redirect(link("people.show", person_id=person_id) + "#roles", code=303)


@bp.post("/relationships")
def record_relationship(person_id: str) -> Any:
    return _record("relationship", person_id)


@bp.post("/interactions")
def record_interaction(person_id: str) -> Any:
    return _record("interaction", person_id, id=f"{person_id}-i-web-{secrets.token_hex(4)}")
