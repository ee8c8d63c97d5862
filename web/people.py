"""People: a person's profile (page or chart panel) and the forms to add and edit one."""

from __future__ import annotations

import secrets
from typing import Any

from flask import Blueprint, redirect, render_template, request
from flask_babel import lazy_gettext as _l

from graphprofile import maps, services
from graphprofile.errors import Conflict, InvalidInput
from graphprofile.models import Function, InteractionType, Role, Seniority, Stance
from web import as_of, editing, get_store, link, pages, personal
from web.interviews import page_sources

bp = Blueprint("people", __name__)

# (field, label, input kind); a kind naming a list of choices is a drop-down.
PROFESSIONAL = (
    ("name", _l("Name"), "text"), ("title", _l("Title"), "text"),
    ("department_id", _l("Department"), "departments"),
    ("reports_to", _l("Reports to"), "people"),
    ("seniority", _l("Seniority"), "seniorities"), ("function", _l("Function"), "functions"),
    ("email", _l("Email"), "email"), ("phone", _l("Phone"), "text"),
    ("kpis", _l("KPIs"), "textarea"), ("goals", _l("Goals"), "textarea"),
    ("pains", _l("Pains"), "textarea"), ("buying_power", _l("Buying power"), "text"),
    ("years_experience", _l("Years of experience"), "number"),
    ("previous_company_ids", _l("Previous employers (company ids, ;-separated)"), "text"),
    ("last_verified", _l("Last verified"), "date"),
)
PERSONAL = (
    ("personality", _l("Personality"), "textarea"), ("hobbies", _l("Hobbies"), "text"),
    ("age_band", _l("Age band"), "text"), ("preferred_channel", _l("Preferred channel"), "text"),
    ("situation", _l("Situation"), "textarea"),
)
FORM_FIELDS = tuple(name for name, _, _ in PROFESSIONAL + PERSONAL)
ENUMS = {"seniorities": [s.value for s in Seniority], "functions": [f.value for f in Function],
         "roles": [r.value for r in Role], "stances": [s.value for s in Stance],
         "interaction_types": [t.value for t in InteractionType]}


@bp.get("/people/<person_id>")
def show(person_id: str) -> Any:
    if request.args.get("partial"):
        profile = _shown(pages.person_page(get_store(), person_id, as_of=as_of()))
        return render_template("people/_panel.html", profile=profile)
    return profile_page(person_id)


def _shown(profile: dict[str, Any]) -> dict[str, Any]:
    """The page model without the sensitive fields the signed-in user may not see, and
    which those are (the page says they are hidden)."""
    return {**profile, "person": personal.person_shown(profile["person"]),
            "hidden_fields": sorted(personal.hidden())}


def profile_page(person_id: str, form: str = "", values: dict[str, str] | None = None,
                 errors: dict[str, str] | None = None, status: int = 200) -> Any:
    """The profile page; ``form`` names the record form to show ``values`` and ``errors`` in."""
    store = get_store()
    profile = _shown(pages.person_page(store, person_id, as_of=as_of()))
    defaults = {"role": {"stance": "neutral"}, "relationship": {},
                "interaction": {"date": as_of().isoformat()}}
    forms = {name: {"entered": given, "errors": {}} for name, given in defaults.items()}
    if form:
        forms[form] = {"entered": values or {}, "errors": errors or {}}
    # The graph the page model was read from (remembered): the path graph takes only
    # names and titles from it, never a personal field.
    G = services.account_graph_of(store, profile["company"]["id"], profiles=True)
    pgraph = maps.path_graph(G, [{"nodes": [i for i, _ in p["steps"]], "score": p["score"]}
                                 for p in profile["paths"]], person_id)
    return render_template("people/show.html", profile=profile, forms=forms, pgraph=pgraph,
                           colleagues=pages.colleagues(store), enums=ENUMS,
                           sources=page_sources("person", person_id)), status


def _form(account: dict[str, Any], values: dict[str, str], errors: dict[str, str], *,
          action: str, person_id: str | None = None, status: int = 200,
          version: str | None = None) -> Any:
    return render_template("people/form.html", account=account, values=values,
                           errors=errors, action=action, person_id=person_id,
                           version=version,
                           sections=((_l("Professional"), PROFESSIONAL),
                                     (_l("Personal"), PERSONAL)),
                           choices={**ENUMS, "departments": account["departments"],
                                    "people": account["people"]},
                           form_error=errors.get(editing.FORM)), status


def _save(company_id: str, person_id: str, values: dict[str, str],
          version: str | None = None) -> None:
    person = services.parse_record("people", {**values, "id": person_id,
                                              "company_id": company_id})
    services.save_person(get_store(), person, expected_version=version)  # type: ignore[arg-type]


@bp.get("/accounts/<company_id>/people/new")
def new(company_id: str) -> Any:
    account = pages.account_choices(get_store(), company_id)
    return _form(account, {}, {}, action=link("people.create", company_id=company_id))


@bp.post("/accounts/<company_id>/people")
def create(company_id: str) -> Any:
    values = editing.values(FORM_FIELDS)
    person_id = f"{company_id}-p-web-{secrets.token_hex(4)}"
    try:
        _save(company_id, person_id, values)
    except InvalidInput as exc:
        account = pages.account_choices(get_store(), company_id)
        return _form(account, values, editing.field_errors(exc, FORM_FIELDS),
                     action=link("people.create", company_id=company_id), status=400)
    return redirect(link("people.show", person_id=person_id), code=303)


@bp.get("/people/<person_id>/edit")
def edit(person_id: str) -> Any:
    account = pages.person_form(get_store(), person_id)
    return _form(account, account["person"], {}, person_id=person_id,
                 action=link("people.update", person_id=person_id), version=account["version"])


@bp.post("/people/<person_id>/edit")
def update(person_id: str) -> Any:
    account = pages.person_form(get_store(), person_id)  # 404 for an unknown id
    values = editing.values(FORM_FIELDS)
    version = request.form.get("version") or None
    try:
        _save(account["company"]["id"], person_id, values, version)
    except InvalidInput as exc:
        return _form(account, values, editing.field_errors(exc, FORM_FIELDS),
                     person_id=person_id, action=link("people.update", person_id=person_id),
                     status=400, version=version)
    except Conflict as exc:
        # Keep the editor's values on screen; the fresh version lets them save over it
        # once they have looked at the other change.
        return _form(account, values, {editing.FORM: exc.message}, person_id=person_id,
                     action=link("people.update", person_id=person_id), status=409,
                     version=account["version"])
    return redirect(link("people.show", person_id=person_id), code=303)
