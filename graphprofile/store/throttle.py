"""Repository of the sign-in throttle: one :SignInThrottle node per user name or address."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from neo4j import ManagedTransaction

from graphprofile import cypher
from graphprofile.store import Store

__all__ = ["clear", "record_failures", "states"]

# Keys untouched for a day and not locked are deleted as failures are recorded, a few at
# a time, so names tried once by a guessing run do not pile up.
PRUNE_AFTER = timedelta(days=1)
PRUNE_BATCH = 100


def states(store: Store, keys: list[str]) -> list[dict[str, Any]]:
    """``key, failures, window_start, locked_until`` of those keys that have a node."""
    return store.read("list_sign_in_throttles", keys=keys)


def record_failures(store: Store, limits: dict[str, int], *, now: datetime,
                    window_seconds: int, lock_seconds: int, max_lock_seconds: int,
                    memory_seconds: int) -> list[dict[str, Any]]:
    """Count one failure against each key (key -> its limit) in one transaction; rows
    ``key, failures, locked, lock_seconds`` (``locked``: this failure locked the key)."""
    params = {"keys": [{"key": key, "limit": limit} for key, limit in limits.items()],
              "now": now.isoformat(), "window_seconds": window_seconds,
              "lock_seconds": lock_seconds, "max_lock_seconds": max_lock_seconds,
              "memory_seconds": memory_seconds}

    def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
        rows = [r.data() for r in tx.run(cypher.load("record_sign_in_failures"), params)]
        tx.run(cypher.load("prune_sign_in_throttles"), now=now.isoformat(),
               before=(now - PRUNE_AFTER).isoformat(), limit=PRUNE_BATCH).consume()
        return rows

    return store.write_tx(work)


def clear(store: Store, keys: list[str], *, now: datetime) -> list[dict[str, Any]]:
    """Delete the keys' state; rows ``key, was_locked`` of the keys that had any."""
    query = cypher.load("clear_sign_in_throttles")
    return store.write_tx(lambda tx: [r.data() for r in tx.run(query, keys=keys,
                                                                now=now.isoformat())])
