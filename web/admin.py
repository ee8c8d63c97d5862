"""Admin: the audit log (page and CSV), web users, and erasing a person's personal data."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Blueprint, Response, g, redirect, render_template, request, url_for

from graphprofile.errors import InvalidInput
from graphprofile.services import privacy, users
from graphprofile.services.audit_log import audit_log
from web import as_of, get_store, link, pages

__all__ = ["bp", "neutralise"]

bp = Blueprint("admin", __name__, url_prefix="/admin")

AUDIT_COLUMNS = ("at", "actor", "action", "target_kind", "target_id", "detail")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula.

    >>> neutralise("=cmd|' /C calc'!A0"), neutralise("@SUM(A1)"), neutralise("plain")
    ("'=cmd|' /C calc'!A0", "'@SUM(A1)", 'plain')
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def _actor() -> str:
    return g.user["username"]


@bp.get("/audit")
def audit() -> Any:
    target = request.args.get("target") or None
    entries = audit_log(get_store(), target_id=target)
    return render_template("admin/audit.html", entries=entries, target=target or "")


@bp.get("/audit.csv")
def audit_csv() -> Any:
    entries = audit_log(get_store(), target_id=request.args.get("target") or None)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(AUDIT_COLUMNS)
    for entry in entries:
        writer.writerow([neutralise(entry[column]) for column in AUDIT_COLUMNS])
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=audit-log.csv"})


def _users_page(status: int = 200, error: str | None = None,
                entered: dict[str, str] | None = None) -> Any:
    return render_template("admin/users.html", users=users.list_users(get_store()),
                           roles=users.ROLES, error=error, entered=entered or {}), status


@bp.get("/users")
def users_page() -> Any:
    return _users_page()


@bp.post("/users")
def add_user() -> Any:
    entered = {"username": request.form.get("username", "").strip(),
               "role": request.form.get("role", "viewer")}
    try:
        users.add_user(get_store(), entered["username"], request.form.get("password", ""),
                       entered["role"], actor=_actor())
    except InvalidInput as exc:
        return _users_page(400, exc.message, entered)
    return redirect(url_for("admin.users_page"), code=303)


@bp.post("/users/<username>/remove")
def remove_user(username: str) -> Any:
    if username == _actor():
        raise InvalidInput("you cannot remove your own account while signed in with it")
    users.remove_user(get_store(), username, actor=_actor())
    return redirect(url_for("admin.users_page"), code=303)


@bp.get("/people/<person_id>/erase")
def confirm_erase(person_id: str) -> Any:
    profile = pages.person_page(get_store(), person_id, as_of=as_of())  # 404 if unknown
    return render_template("admin/erase.html", profile=profile)


@bp.post("/people/<person_id>/erase")
def erase(person_id: str) -> Any:
    if request.form.get("confirm") != person_id:
        raise InvalidInput("type the person's id to confirm the erasure")
    privacy.erase_person(get_store(), person_id, actor=_actor())
    return redirect(link("people.show", person_id=person_id), code=303)
