"""Web users: scrypt-hashed passwords and the roles viewer < editor < admin."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from datetime import UTC, datetime
from functools import cache
from typing import Any

from graphprofile.errors import InvalidInput, NotFound
from graphprofile.services.audit_log import record_audit
from graphprofile.store import Store
from graphprofile.store import users as repo

__all__ = ["MIN_PASSWORD", "ROLES", "add_user", "allows", "authenticate", "change_password",
           "check_password", "find_user", "hash_password", "list_users", "remove_user",
           "verify_password"]

ROLES = ("viewer", "editor", "admin")  # each role may do everything the ones before it may
MIN_PASSWORD = 12  # for new and changed passwords; older ones still sign in
_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
# scrypt cost: n=2**14, r=8, p=1 needs 16 MiB and about 50 ms, as the scrypt paper advises
# for interactive logins.
_N, _R, _P = 2**14, 8, 1


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def hash_password(password: str, *, n: int = _N, r: int = _R, p: int = _P) -> str:
    """Hash a password as ``scrypt$n$r$p$salt$hash`` (salt and hash in base64).

    >>> encoded = hash_password("correct horse", n=2**4)
    >>> encoded.split("$")[:4]
    ['scrypt', '16', '8', '1']
    >>> verify_password("correct horse", encoded), verify_password("wrong", encoded)
    (True, False)
    """
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32)
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, encoded: str) -> bool:
    """True when ``password`` matches ``encoded``; compared in constant time."""
    try:
        scheme, n, r, p, salt, expected = encoded.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt),
                                n=int(n), r=int(r), p=int(p), dklen=32)
        return hmac.compare_digest(digest, base64.b64decode(expected))
    except (ValueError, TypeError):
        return False


@cache
def _dummy_hash() -> str:
    # Checked when the username is unknown, so a miss costs as long as a wrong password.
    return hash_password(secrets.token_hex(16))


def allows(role: str | None, required: str) -> bool:
    """Whether ``role`` may do what needs ``required``.

    >>> allows("admin", "editor"), allows("viewer", "editor"), allows(None, "viewer")
    (True, False, False)
    """
    if role not in ROLES:
        return False
    return ROLES.index(role) >= ROLES.index(required)


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise InvalidInput(f"role must be one of {', '.join(ROLES)}, got {role!r}")


def add_user(store: Store, username: str, password: str, role: str, *,
             actor: str) -> dict[str, Any]:
    """Create a user and log who did; InvalidInput when the name is taken or malformed,
    or the password short."""
    if not _USERNAME.match(username):
        raise InvalidInput("a username is 1-64 letters, digits or . _ @ - "
                           f"(starting with a letter or digit), got {username!r}")
    _check_role(role)
    check_password(password)
    created = datetime.now(UTC).isoformat()
    if not repo.create(store, username=username, role=role, created=created,
                       password_hash=hash_password(password),
                       session_version=secrets.token_hex(8)):
        raise InvalidInput(f"a user named {username!r} already exists")
    record_audit(store, actor=actor, action="add_user", target_kind="user",
                 target_id=username, detail=f"role {role}")
    return {"username": username, "role": role, "created": created}


def check_password(password: str) -> None:
    """InvalidInput unless ``password`` is long enough for a new or changed password."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"a password needs at least {MIN_PASSWORD} characters")


def change_password(store: Store, username: str, password: str, *, actor: str,
                    now: datetime | None = None) -> dict[str, Any]:
    """Set a user's new password and log who did; every session of the user signed in
    before ends at its next request (a new session version). NotFound for no such user,
    InvalidInput for a short password."""
    check_password(password)
    changed = (now or datetime.now(UTC)).isoformat()
    if not repo.set_password(store, username, password_hash=hash_password(password),
                             session_version=secrets.token_hex(8), changed=changed):
        raise NotFound(f"no user named {username!r}")
    record_audit(store, actor=actor, action="change_password", target_kind="user",
                 target_id=username)
    return {"username": username, "password_changed": True}


def find_user(store: Store, username: str) -> dict[str, Any] | None:
    """The user (without the password hash), or None."""
    row = repo.find(store, username)
    return None if row is None else _public(row)


def authenticate(store: Store, username: str, password: str) -> dict[str, Any] | None:
    """The user when the password is right, else None (an unknown name takes as long)."""
    row = repo.find(store, username) if username else None
    if row is None:
        verify_password(password, _dummy_hash())
        return None
    if not verify_password(password, row["password_hash"] or ""):
        return None
    return _public(row)


def _public(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "password_hash"}


def list_users(store: Store) -> list[dict[str, Any]]:
    """Every user with role and creation time, by username."""
    return repo.list_all(store)


def remove_user(store: Store, username: str, *, actor: str) -> dict[str, Any]:
    """Delete a user and log who did; NotFound when there is none of that name."""
    if not repo.delete(store, username):
        raise NotFound(f"no user named {username!r}")
    record_audit(store, actor=actor, action="remove_user", target_kind="user",
                 target_id=username)
    return {"username": username, "removed": True}
