"""Sign in and out, and the gate that checks every request against a role per endpoint."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from graphprofile.errors import GraphProfileError
from graphprofile.services import signin, tokens, users
from graphprofile.services.audit_log import current_actor, record_audit
from web import get_store, sessions

__all__ = ["PUBLIC", "REQUIRED_ROLE", "bp", "init_app", "required_role", "safe_next"]

bp = Blueprint("auth", __name__)

PUBLIC = frozenset({"static", "auth.login", "auth.logout", "i18n.choose"})
_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})

# endpoint -> the least role that may use it; an endpoint not listed needs `viewer` to read
# and `editor` to write (any method but GET/HEAD/OPTIONS), so a new form is never open.
REQUIRED_ROLE = {
    "people.new": "editor", "people.create": "editor",
    "people.edit": "editor", "people.update": "editor",
    "engagement.set_role": "editor", "engagement.remove_role": "editor",
    "engagement.record_relationship": "editor", "engagement.record_interaction": "editor",
    "imports.index": "admin", "imports.upload": "admin", "api.import_upload": "admin",
    "admin.audit": "admin", "admin.audit_csv": "admin",
    "admin.users_page": "admin", "admin.add_user": "admin", "admin.remove_user": "admin",
    "admin.confirm_erase": "admin", "admin.erase": "admin",
    "account.change_password": "viewer",  # every signed-in user changes their own
}
FAILED = "That username and password do not match an account."


def required_role(endpoint: str, method: str) -> str:
    """The least role that may call ``endpoint`` with ``method``."""
    return REQUIRED_ROLE.get(endpoint, "viewer" if method in _SAFE else "editor")


def safe_next(target: str | None) -> str:
    """``target`` when it is a path on this site, else the portfolio (no open redirect).

    >>> safe_next("/accounts/x?as_of=2026-01-01"), safe_next("//evil.example/")
    ('/accounts/x?as_of=2026-01-01', '/')
    >>> safe_next("https://evil.example/"), safe_next("/\\\\evil.example")
    ('/', '/')
    """
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(c in target for c in "\\\r\n\t"):
        return "/"
    return target


def _wants_json() -> bool:
    return request.path.startswith("/api/")


class _BadToken(Exception):
    """A request to /api/ whose bearer token is unknown, revoked or malformed."""


def _bearer_token() -> str | None:
    """The ``Authorization: Bearer`` token of a request to the JSON API, else None: a
    token never counts on a page or form URL (there the header is ignored)."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not _wants_json():
        return None
    return value.strip()


def _current_user() -> dict[str, Any] | None:
    if current_app.config.get("SINGLE_USER"):
        return {"username": current_actor(), "role": "admin", "single_user": True}
    bearer = _bearer_token()
    if bearer is not None:  # the token alone says who this is, whatever the cookie says
        user = tokens.authenticate_token(get_store(), bearer)
        if user is None:
            raise _BadToken
        return user
    username = session.get("user")
    if not username:
        return None
    # Read this request (by the session check, or here): removed or demoted takes effect
    # at once.
    user = g.pop("session_user", None) or users.find_user(get_store(), username)
    if user is None:
        session.clear()
    return user


def _gate() -> Any:
    endpoint = request.endpoint
    if endpoint == "static":
        return None
    try:
        g.user = _current_user()
    except _BadToken:
        g.user = None
        response = jsonify({"error": "invalid or revoked API token"})
        response.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return response, 401
    if endpoint in PUBLIC:
        return None
    if g.user is None:
        if _wants_json():
            return jsonify({"error": "sign in first"}), 401
        target = request.full_path if request.method in _SAFE else request.path
        return redirect(url_for("auth.login", next=target.rstrip("?")))
    if endpoint is None:  # unknown URL or method: the router answers 404/405
        return None
    if not users.allows(g.user["role"], required_role(endpoint, request.method)):
        abort(403, "Your account's role does not allow this; ask an admin.")
    return None


def _audit_write(response: Any) -> Any:
    """Record each successful web write in the audit log, with the signed-in user."""
    user = g.get("user")
    endpoint = request.endpoint or ""
    if (request.method in _SAFE or user is None or endpoint in PUBLIC
            or endpoint.startswith(("admin.", "account."))  # those record their own
            or response.status_code not in (200, 303)):
        return response
    args = request.view_args or {}
    if endpoint == "people.create":
        kind, target = "person", response.headers.get("Location", "").split("?")[0]
        target = target.rsplit("/", 1)[-1]
    elif "person_id" in args:
        kind, target = "person", args["person_id"]
    elif endpoint in ("imports.upload", "api.import_upload"):
        upload = request.files.get("bundle")
        source = request.values.get("source") or "bundle"
        kind = "bundle" if source == "bundle" else f"{source} export"
        target = upload.filename if upload else ""
    else:
        kind, target = "page", request.path
    try:
        record_audit(get_store(), actor=user["username"], action=endpoint.split(".")[-1],
                     target_kind=kind, target_id=target or request.path,
                     detail=f"api token {user['token']}" if user.get("token") else "web")
    except GraphProfileError as exc:  # the write itself went through; say so in the log
        current_app.logger.warning("audit entry not recorded: %s", exc.message)
    return response


def init_app(app: Flask) -> None:
    """Run the gate before anything else (CSRF included) and audit writes after."""
    app.before_request_funcs.setdefault(None, []).insert(0, _gate)
    app.after_request(_audit_write)

    @app.context_processor
    def signed_in() -> dict[str, Any]:
        user = g.get("user")
        return {"current_user": user,
                "can": lambda role: bool(user) and users.allows(user["role"], role)}


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    next_url = safe_next(request.values.get("next"))
    if current_app.config.get("SINGLE_USER"):
        return redirect(next_url)
    if request.method == "GET":
        return render_template("auth/login.html", next_url=next_url, error=None, username="")
    username = request.form.get("username", "").strip()
    try:
        user = signin.sign_in(get_store(), username, request.form.get("password", ""),
                              address=request.remote_addr or "",
                              policy=sessions.signin_policy(), now=sessions.now(),
                              sleep=sessions.sleep)
    except signin.TooManyAttempts as exc:  # the same answer for every name, real or not
        response = current_app.make_response((render_template(
            "auth/login.html", next_url=next_url, error=exc.message, username=username), 429))
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    if user is None:
        return render_template("auth/login.html", next_url=next_url, error=FAILED,
                               username=username), 401
    sessions.start(user)
    return redirect(next_url, code=303)


@bp.post("/logout")
def logout() -> Any:
    session.clear()
    return redirect(url_for("auth.login"), code=303)
