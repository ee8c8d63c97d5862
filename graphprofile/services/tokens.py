"""API tokens for scripts and integrations: created once, stored as a hash, revoked by name.

A token is ``gp_`` and 43 URL-safe characters (32 random bytes). Only its SHA-256 hash is
stored: with 256 random bits a fast unsalted hash is as strong as a slow salted one (no
dictionary to try), and it lets a request find its token by an index look-up. A token
acts with its user's current role; a removed user's tokens stop working at once.

Audit: creating and revoking a token are logged; each write made with a token is logged
by the web app under the token's user (detail ``api token NAME``); reads are logged once
a day per token, on its first use that day, when ``last_used`` moves to that day.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, date, datetime
from typing import Any

from graphprofile.errors import InvalidInput, NotFound
from graphprofile.services.audit_log import record_audit
from graphprofile.store import Store
from graphprofile.store import tokens as repo
from graphprofile.store import users as user_repo

__all__ = ["PREFIX", "authenticate_token", "create_token", "list_tokens", "revoke_token",
           "token_hash"]

PREFIX = "gp_"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
# gp_ plus 43 characters; anything far longer is refused before a look-up.
_MAX_LENGTH = 200


def token_hash(token: str) -> str:
    """The stored form of a token: its SHA-256 hex digest.

    >>> token_hash("gp_example")[:12]
    'ef709eff8101'
    """
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(store: Store, name: str, username: str, *, actor: str) -> dict[str, Any]:
    """Make a token for ``username`` and log who did; the answer holds the token, which
    is never shown again. InvalidInput for a malformed or taken name, NotFound for an
    unknown user."""
    if not _NAME.match(name):
        raise InvalidInput("a token name is 1-64 letters, digits or . _ @ - "
                           f"(starting with a letter or digit), got {name!r}")
    user = user_repo.find(store, username)
    if user is None:
        raise NotFound(f"no user named {username!r}")
    token = PREFIX + secrets.token_urlsafe(32)
    created = datetime.now(UTC).isoformat()
    if not repo.create(store, name=name, username=username, token_hash=token_hash(token),
                       created=created):
        raise InvalidInput(f"a token named {name!r} already exists")
    record_audit(store, actor=actor, action="create_token", target_kind="api_token",
                 target_id=name, detail=f"user {username} ({user['role']})")
    return {"name": name, "user": username, "role": user["role"], "created": created,
            "token": token}


def list_tokens(store: Store) -> list[dict[str, Any]]:
    """Every token's name, user, creation time, day last used and whether its user still
    exists (``active``); never the token or its hash."""
    return repo.list_all(store)


def revoke_token(store: Store, name: str, *, actor: str) -> dict[str, Any]:
    """Delete a token and log who did; NotFound when there is none of that name."""
    if not repo.delete(store, name):
        raise NotFound(f"no API token named {name!r}")
    record_audit(store, actor=actor, action="revoke_token", target_kind="api_token",
                 target_id=name)
    return {"name": name, "revoked": True}


def authenticate_token(store: Store, token: str, *,
                       today: date | None = None) -> dict[str, Any] | None:
    """The user a token acts as (``username``, ``role``, ``token``: its name), or None
    for a malformed, unknown or revoked token or one whose user is gone. The day's
    first use moves ``last_used`` and is logged."""
    if not token.startswith(PREFIX) or len(token) > _MAX_LENGTH:
        return None
    found = repo.find(store, token_hash(token))
    if found is None:
        return None
    day = (today or datetime.now(UTC).date()).isoformat()
    if found["last_used"] != day and repo.touch(store, found["name"], day):
        record_audit(store, actor=found["username"], action="use_token",
                     target_kind="api_token", target_id=found["name"],
                     detail=f"first use on {day}")
    return {"username": found["username"], "role": found["role"], "token": found["name"]}
