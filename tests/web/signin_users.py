"""Web users for the tests that sign in by role: created on the demo portfolio, and an
app over the session's store with a fixed session key."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from graphprofile.services import users
from web import create_app

AS_OF = "2026-11-23"  # the demo's "today"


def ensure_users(store: Any, passwords: Mapping[str, str], roles: Mapping[str, str]) -> None:
    """Add the users that are missing (the demo may have been loaded afresh)."""
    for username, role in roles.items():
        if users.find_user(store, username) is None:
            users.add_user(store, username, passwords[username], role, actor="setup")


def role_app(store: Any, secret: str) -> Flask:
    """The app as the tests sign in to it: testing mode, the demo's day, a fixed key."""
    return create_app(store, {"TESTING": True, "DEFAULT_AS_OF": AS_OF, "SECRET_KEY": secret})
