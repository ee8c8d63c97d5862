"""The audit log: who changed or erased what, and when."""

from __future__ import annotations

import getpass
import os
from datetime import UTC, datetime
from typing import Any

from graphprofile.store import Store
from graphprofile.store import audit as repo

__all__ = ["audit_log", "current_actor", "record_audit"]


def current_actor() -> str:
    """Who is acting from a shell: ``$GRAPHPROFILE_ACTOR``, else the login name."""
    try:
        return os.environ.get("GRAPHPROFILE_ACTOR") or getpass.getuser()
    except OSError:  # no login name (a container without /etc/passwd entry)
        return "unknown"


def record_audit(store: Store, *, actor: str, action: str, target_kind: str,
                 target_id: str, detail: str = "", at: datetime | None = None) -> None:
    """Append one entry to the audit log."""
    repo.record(store, at=(at or datetime.now(UTC)).isoformat(), actor=actor, action=action,
                target_kind=target_kind, target_id=target_id, detail=detail)


def audit_log(store: Store, *, target_id: str | None = None,
              limit: int = 1000) -> list[dict[str, Any]]:
    """Audit entries, newest first (optionally for one record)."""
    return repo.entries(store, target_id=target_id, limit=limit)
