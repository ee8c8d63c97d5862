"""Repository of the web explorer's users."""

from __future__ import annotations

from typing import Any

from graphprofile.store import Store

__all__ = ["create", "delete", "find", "list_all"]


def create(store: Store, *, username: str, role: str, created: str,
           password_hash: str) -> bool:
    """Create a user; False when one of that name exists already (it is left as it is)."""
    counters = store.write("create_user", username=username, role=role, created=created,
                           password_hash=password_hash)
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
