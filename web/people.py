"""People: a person's profile (page or chart panel) and the form to add one."""

from __future__ import annotations

import secrets
from typing import Any

from flask import Blueprint, redirect, render_template, request
from pydantic import ValidationError

from graphprofile import views_data
from graphprofile.models import Person, Seniority
from web import as_of, editing, get_store, link

bp = Blueprint("people", __name__)

FORM_FIELDS = ("name", "title", "department_id", "reports_to", "seniority", "email",
               "phone", "pains", "goals", "last_verified")


@bp.get("/people/<person_id>")
def show(person_id: str) -> Any:
    profile = views_data.person_page(get_store(), person_id, as_of=as_of())
    template = "people/_panel.html" if request.args.get("partial") else "people/show.html"
    return render_template(template, profile=profile)


def _form(company_id: str, values: dict[str, str], errors: dict[str, str], status: int = 200
          ) -> Any:
    account = editing.account_choices(get_store(), company_id)
    return render_template("people/new.html", account=account, values=values, errors=errors,
                           seniorities=[s.value for s in Seniority]), status


@bp.get("/accounts/<company_id>/people/new")
def new(company_id: str) -> Any:
    return _form(company_id, {}, {})


@bp.post("/accounts/<company_id>/people")
def create(company_id: str) -> Any:
    values = {name: request.form.get(name, "").strip() for name in FORM_FIELDS}
    data: dict[str, Any] = {k: v for k, v in values.items() if v}
    data.update(id=f"{company_id}-p-web-{secrets.token_hex(4)}", company_id=company_id)
    errors: dict[str, str] = {}
    try:
        person = Person.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else "name"
            errors.setdefault(field if field in FORM_FIELDS else "name", err["msg"])
        return _form(company_id, values, errors, 400)
    errors = editing.check_references(get_store(), person)
    if errors:
        return _form(company_id, values, errors, 400)
    editing.add_person(get_store(), person)
    return redirect(link("people.show", person_id=person.id), code=303)
