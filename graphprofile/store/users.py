"""Repository of the web explorer's users."""

from __future__ import annotations

from typing import Any

from graphprofile import cypher
from graphprofile.store import Store

__all__ = ["create", "delete", "find", "list_all", "set_password"]


def create(store: Store, *, username: str, role: str, created: str,
           password_hash: str, session_version: str) -> bool:
    """Create a user; False when one of that name exists already (it is left as it is)."""
    counters = store.write("create_user", username=username, role=role, created=created,
                           password_hash=password_hash, session_version=session_version)
    return bool(counters.get("nodes_created"))


def find(store: Store, username: str) -> dict[str, Any] | None:
    """The user with its password hash, or None."""
    rows = store.read("find_user", username=username)
    return rows[0] if rows else None


def list_all(store: Store) -> list[dict[str, Any]]:
    """Every user (username, role, created), by username."""
    return store.read("list_users")


def delete(store: Store, username: str) -> bool:
    """Delete a user; False when there is none of that name."""
    return bool(store.write("remove_user", username=username).get("nodes_deleted"))


def set_password(store: Store, username: str, *, password_hash: str, session_version: str,
                 changed: str) -> bool:
    """Store a new password hash and session version; False when there is no such user."""
    query = cypher.load("set_user_password")
    rows = store.write_tx(lambda tx: [r.data() for r in tx.run(
        query, username=username, password_hash=password_hash,
        session_version=session_version, changed=changed)])
    return bool(rows)
