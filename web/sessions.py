"""Sessions on every request: idle timeout, absolute lifetime, password changes; and the
clock and policies that sign-in and these checks read (injectable for tests)."""

from __future__ import annotations

import secrets
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask, current_app, g, request, session

from graphprofile.services import users
from graphprofile.services.sessions import SessionPolicy
from graphprofile.services.signin import SignInPolicy
from web import csrf, get_store

__all__ = ["clock", "init_app", "now", "session_policy", "signin_policy", "sleep", "start"]


def clock() -> float:
    """Now in epoch seconds: ``CLOCK`` of the app's config when given, else the time."""
    return (current_app.config.get("CLOCK") or time.time)()


def now() -> datetime:
    return datetime.fromtimestamp(clock(), UTC)


def sleep(seconds: float) -> None:
    """Wait before answering a failed sign-in (``SIGNIN_SLEEP`` replaces it in tests)."""
    (current_app.config.get("SIGNIN_SLEEP") or time.sleep)(seconds)


def signin_policy() -> SignInPolicy:
    return current_app.config["SIGNIN_POLICY"]


def session_policy() -> SessionPolicy:
    return current_app.config["SESSION_POLICY"]


def start(user: dict[str, Any]) -> None:
    """A fresh session for ``user``: nothing from before sign-in survives."""
    session.clear()
    session.permanent = True  # the cookie outlives the browser, never the lifetime
    stamp = clock()
    session.update({"user": user["username"], csrf.FIELD: secrets.token_urlsafe(32),
                    "signed_in": stamp, "seen": stamp,
                    "version": user.get("session_version", "")})


def _check() -> None:
    """End a session that idled too long, is past its lifetime, or whose user's
    password changed since (another session version); the gate then sees no user."""
    if (request.endpoint == "static" or current_app.config.get("SINGLE_USER")
            or "user" not in session):
        return
    stamp = clock()
    if session_policy().expired(signed_in=session.get("signed_in"), seen=session.get("seen"),
                                now=stamp):
        session.clear()
        return
    user = users.find_user(get_store(), session["user"])
    if user is None or user.get("session_version", "") != session.get("version"):
        session.clear()
        return
    session["seen"] = stamp
    g.session_user = user  # the gate's user: one read of it per request


def init_app(app: Flask) -> None:
    """Check sessions before the gate; the policies from the environment unless the
    config gives ``SIGNIN_POLICY``/``SESSION_POLICY``."""
    app.config.setdefault("SIGNIN_POLICY", SignInPolicy.from_env())
    app.config.setdefault("SESSION_POLICY", SessionPolicy.from_env())
    app.permanent_session_lifetime = timedelta(seconds=app.config["SESSION_POLICY"].max_seconds)
    app.before_request_funcs.setdefault(None, []).insert(0, _check)
