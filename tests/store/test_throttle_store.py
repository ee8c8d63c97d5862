"""The sign-in throttle's repository on a real Neo4j: concurrent counting and pruning."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from graphprofile.store import throttle

LIMITS = {"window_seconds": 900, "lock_seconds": 900, "max_lock_seconds": 86_400,
          "memory_seconds": 86_400}


def test_failures_recorded_at_once_by_many_workers_all_count(store):
    now = datetime.now(UTC)

    def fail(_: int) -> list[dict]:
        return throttle.record_failures(store, {"user:race": 1000, "address:192.0.2.1": 1000},
                                        now=now, **LIMITS)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(fail, range(40)))
    counted = {row["key"]: row["failures"]
               for row in throttle.states(store, ["user:race", "address:192.0.2.1"])}
    assert counted == {"user:race": 40, "address:192.0.2.1": 40}


def test_the_failure_at_the_limit_locks_once(store):
    now = datetime.now(UTC)
    locked = [throttle.record_failures(store, {"user:five": 5}, now=now, **LIMITS)[0]["locked"]
              for _ in range(5)]
    assert locked == [False] * 4 + [True]
    (state,) = throttle.states(store, ["user:five"])
    until = datetime.fromisoformat(state["locked_until"])
    assert abs((until - now).total_seconds() - 900) < 1


def test_stale_keys_are_pruned_as_failures_are_recorded(store):
    now = datetime.now(UTC)
    old = now - timedelta(days=2)
    throttle.record_failures(store, {"user:long-ago": 5}, now=old, **LIMITS)
    for _ in range(5):  # locked two days ago for 15 minutes: over
        throttle.record_failures(store, {"user:locked-long-ago": 5}, now=old, **LIMITS)
    throttle.record_failures(store, {"user:today": 5}, now=now, **LIMITS)
    kept = {row["key"] for row in throttle.states(
        store, ["user:long-ago", "user:locked-long-ago", "user:today"])}
    assert kept == {"user:today"}
    assert throttle.clear(store, ["user:today", "user:none"], now=now) == [
        {"key": "user:today", "was_locked": False}]
