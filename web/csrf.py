"""CSRF protection: a random token kept in the session, required on every unsafe request."""

from __future__ import annotations

import hmac
import secrets

from flask import Flask, g, request, session

from graphprofile.errors import InvalidInput

__all__ = ["FIELD", "HEADER", "init_app", "token"]

FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
_SAFE = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def token() -> str:
    """This session's token, created on first use."""
    if FIELD not in session:
        session[FIELD] = secrets.token_urlsafe(32)
    return session[FIELD]


def _check() -> None:
    if request.method in _SAFE:
        return
    user = g.get("user") or {}
    if user.get("token") and not session.get("user"):
        # An API token, no session: CSRF guards cookies a browser sends by itself, and
        # no browser adds an Authorization header to a cross-site request.
        return
    expected = session.get(FIELD)
    sent = request.form.get(FIELD) or request.headers.get(HEADER) or ""
    if not expected or not hmac.compare_digest(str(expected), str(sent)):
        raise InvalidInput("the form has expired or lacks its CSRF token; reload and retry")


def init_app(app: Flask) -> None:
    """Check every POST/PUT/PATCH/DELETE and offer ``csrf_token()`` to templates."""
    app.before_request(_check)
    app.jinja_env.globals["csrf_token"] = token
