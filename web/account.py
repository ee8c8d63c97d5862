"""The signed-in user's own account: changing their password."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, g, redirect, render_template, request, session, url_for

from graphprofile.errors import InvalidInput
from graphprofile.services import signin, users
from web import get_store, sessions

__all__ = ["bp"]

bp = Blueprint("account", __name__, url_prefix="/account")


def _page(status: int = 200, error: str | None = None, changed: bool = False) -> Any:
    return render_template("account/password.html", error=error, changed=changed,
                           min_length=users.MIN_PASSWORD), status


@bp.get("/password")
def password_form() -> Any:
    return _page(changed=request.args.get("changed") == "1")


@bp.post("/password")
def change_password() -> Any:
    if current_app.config.get("SINGLE_USER"):
        raise InvalidInput("single-user mode has no password to change")
    new = request.form.get("new_password", "")
    if new != request.form.get("new_password_again", ""):
        return _page(400, "the two new passwords differ")
    username = g.user["username"]
    try:
        signin.change_own_password(get_store(), username, request.form.get("password", ""),
                                   new, address=request.remote_addr or "",
                                   policy=sessions.signin_policy(), now=sessions.now(),
                                   sleep=sessions.sleep)
    except signin.TooManyAttempts as exc:
        response = current_app.make_response(_page(429, exc.message))
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except InvalidInput as exc:
        return _page(400, exc.message)
    # Every other session of the user ends; this one carries on with the new version.
    session["version"] = (users.find_user(get_store(), username) or {}).get("session_version")
    return redirect(url_for("account.password_form", changed=1), code=303)
