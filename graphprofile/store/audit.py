"""Repository of the audit log: who changed or erased what, and when."""

from __future__ import annotations

from typing import Any

from graphprofile.store import Store

__all__ = ["entries", "record"]


def record(store: Store, *, at: str, actor: str, action: str, target_kind: str,
           target_id: str, detail: str) -> None:
    """Append one entry (``at``: an ISO timestamp)."""
    store.write("record_audit", at=at, actor=actor, action=action,
                target_kind=target_kind, target_id=target_id, detail=detail)


def entries(store: Store, *, target_id: str | None, limit: int) -> list[dict[str, Any]]:
    """Entries newest first, of one record when ``target_id`` is given."""
    return store.read("list_audit", target_id=target_id, limit=limit)
