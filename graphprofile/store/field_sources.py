"""Repository of where profile fields come from: interview answers and confirmations, one
``:FieldSource`` node each that ``DESCRIBES`` the company or person it is about."""

from __future__ import annotations

from typing import Any, Literal

from graphprofile import cypher
from graphprofile.store import Store
from graphprofile.store.row_hashes import strip

__all__ = ["Target", "colleague", "record", "sources_of", "target_properties"]

Target = Literal["company", "person"]


def target_properties(store: Store, target: Target, target_id: str) -> dict[str, Any] | None:
    """Every stored property of the company or person, or None when not stored."""
    found = store.read("find_profile_target", target=target, target_id=target_id)
    return strip(found[0]["props"]) if found else None


def colleague(store: Store, colleague_id: str) -> dict[str, Any] | None:
    """A stored colleague's properties, or None."""
    found = store.read("find_colleague", colleague_id=colleague_id)
    return strip(found[0]["props"]) if found else None


def record(store: Store, target: Target, target_id: str,
           rows: list[dict[str, Any]]) -> list[str]:
    """Write answers and confirmations in one transaction; return the ids recorded.

    Each row is ``{"id", "field", "assign", "record"}``: ``assign`` the field's new value
    (``{field: value}``, empty for a confirmation), ``record`` the properties of the
    source record. A row whose field holds no value then is not recorded.
    """
    query = cypher.load("record_field_sources")
    return store.write_tx(lambda tx: [r["id"] for r in tx.run(
        query, target=target, target_id=target_id, rows=rows)])


def sources_of(store: Store, target: Target, target_id: str) -> list[dict[str, Any]]:
    """The records about one company or person, oldest first: their properties (``value``
    included) with ``current`` (the field still holds that value)."""
    return [{**row["props"], "current": row["current"]}
            for row in store.read("list_field_sources", target=target, target_id=target_id)]
