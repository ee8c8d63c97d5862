"""Repository of the API tokens: ``:ApiToken`` nodes holding a token's hash, never the token."""

from __future__ import annotations

from typing import Any

from graphprofile.store import Store

__all__ = ["create", "delete", "find", "list_all", "touch"]


def create(store: Store, *, name: str, username: str, token_hash: str, created: str) -> bool:
    """Create a token of ``username``; False when the name is taken (or the user is gone)."""
    counters = store.write("create_api_token", token_name=name, username=username,
                           token_hash=token_hash, created=created)
    return bool(counters.get("nodes_created"))


def find(store: Store, token_hash: str) -> dict[str, Any] | None:
    """The token of this hash with its user's name and role, or None (unknown, revoked,
    or its user removed)."""
    rows = store.read("find_api_token", token_hash=token_hash)
    return rows[0] if rows else None


def list_all(store: Store) -> list[dict[str, Any]]:
    """Every token (name, user, created, last_used, active), by name."""
    return store.read("list_api_tokens")


def touch(store: Store, name: str, today: str) -> bool:
    """Record that the token was used on ``today``; True on the day's first use."""
    counters = store.write("touch_api_token", token_name=name, today=today)
    return bool(counters.get("properties_set"))


def delete(store: Store, name: str) -> bool:
    """Delete a token; False when there is none of that name."""
    return bool(store.write("revoke_api_token", token_name=name).get("nodes_deleted"))
