"""Throttled sign-in: failures counted per user name and client address in the store,
growing delays, temporary lockouts (429) and an admin's unlock, all audited."""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from graphprofile.errors import GraphProfileError, InvalidInput
from graphprofile.services import users
from graphprofile.services.audit_log import record_audit
from graphprofile.store import Store
from graphprofile.store import throttle as repo

__all__ = ["LOCKED", "SignInPolicy", "TooManyAttempts", "address_key", "change_own_password",
           "sign_in", "unlock", "user_key"]

LOCKED = "Too many failed sign-ins. Try again later."
# A lockout doubles when the key is locked again within a day of the last one ending.
LOCKOUT_MEMORY_SECONDS = 86_400
_KEY_CHARS = 128  # a key never holds more of a submitted name than this


class TooManyAttempts(GraphProfileError):
    """Sign-in refused while a user name or an address is locked out (HTTP 429)."""

    status = 429
    exit_code = 1

    def __init__(self, retry_after: int):
        super().__init__(LOCKED)
        self.retry_after = retry_after


@dataclass(frozen=True)
class SignInPolicy:
    """How many failures lock a user name or an address, for how long, and the delays.

    >>> SignInPolicy().delay(1), SignInPolicy().delay(2), SignInPolicy().delay(9)
    (0.0, 0.5, 4.0)
    """

    max_failures: int = 5  # per user name within the window
    max_failures_per_address: int = 20  # per client address within the window
    window_seconds: int = 15 * 60
    lockout_seconds: int = 15 * 60  # the first lockout; each one after it twice as long
    max_lockout_seconds: int = 24 * 3600
    delay_seconds: float = 0.5  # after the 2nd failure in a row, doubling, at most 8x

    def delay(self, failures: int) -> float:
        """Seconds a failed attempt's answer waits, given the failures counted so far."""
        if failures < 2 or self.delay_seconds <= 0:
            return 0.0
        return min(self.delay_seconds * 2 ** (failures - 2), 8 * self.delay_seconds)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SignInPolicy:
        """The policy from ``GRAPHPROFILE_SIGNIN_*``; InvalidInput names a bad value."""
        env = os.environ if environ is None else environ
        d = cls()

        def number(name: str, default: float, kind: type = int) -> Any:
            text = env.get(f"GRAPHPROFILE_SIGNIN_{name}")
            if not text:
                return default
            try:
                value = kind(text)
            except ValueError:
                value = -1
            if value < 0 or (kind is int and value == 0):
                raise InvalidInput(f"GRAPHPROFILE_SIGNIN_{name} must be a positive number, "
                                   f"got {text!r}")
            return value

        return cls(
            max_failures=number("MAX_FAILURES", d.max_failures),
            max_failures_per_address=number("MAX_FAILURES_PER_ADDRESS",
                                            d.max_failures_per_address),
            window_seconds=number("WINDOW_MINUTES", d.window_seconds // 60) * 60,
            lockout_seconds=number("LOCKOUT_MINUTES", d.lockout_seconds // 60) * 60,
            max_lockout_seconds=number("MAX_LOCKOUT_HOURS", d.max_lockout_seconds // 3600)
            * 3600,
            delay_seconds=number("DELAY_SECONDS", d.delay_seconds, float),
        )


def user_key(username: str) -> str:
    """The throttle key of a submitted user name, whether or not such a user exists
    (case and surrounding spaces do not make another key).

    >>> user_key("  Ada "), user_key("ada")
    ('user:ada', 'user:ada')
    """
    return "user:" + username.strip().casefold()[:_KEY_CHARS]


def address_key(address: str) -> str:
    """The throttle key of a client address."""
    return "address:" + address[:_KEY_CHARS]


def _seconds_left(until: str | None, now: datetime) -> int:
    if not until:
        return 0
    left = (datetime.fromisoformat(until) - now).total_seconds()
    return max(0, math.ceil(left))


def _keys(username: str, address: str, policy: SignInPolicy) -> dict[str, int]:
    limits = {address_key(address): policy.max_failures_per_address}
    if username.strip():
        limits[user_key(username)] = policy.max_failures
    return limits


def _check_unlocked(store: Store, limits: dict[str, int], now: datetime) -> None:
    waits = [_seconds_left(row["locked_until"], now) for row in repo.states(store, [*limits])]
    if any(waits):
        raise TooManyAttempts(retry_after=max(waits))


def _count_failure(store: Store, username: str, address: str, limits: dict[str, int], *,
                   policy: SignInPolicy, now: datetime, actor: str, action: str) -> int:
    """Record one failure (audited, with any lockout it causes); the most failures in a
    row counted against one of the keys."""
    rows = repo.record_failures(store, limits, now=now, window_seconds=policy.window_seconds,
                                lock_seconds=policy.lockout_seconds,
                                max_lock_seconds=policy.max_lockout_seconds,
                                memory_seconds=LOCKOUT_MEMORY_SECONDS)
    name = username.strip()[:_KEY_CHARS]
    record_audit(store, actor=actor, action=action, target_kind="user", target_id=name,
                 detail=f"from {address}", at=now)
    for row in rows:
        if row["locked"]:
            kind, _, value = row["key"].partition(":")
            record_audit(store, actor="sign-in throttle", action="sign_in_locked",
                         target_kind="user" if kind == "user" else "address", target_id=value,
                         detail=f"locked for {row['lock_seconds']} s after "
                                f"{row['failures']} failed sign-ins", at=now)
    return max(row["failures"] for row in rows)


def sign_in(store: Store, username: str, password: str, *, address: str,
            policy: SignInPolicy, now: datetime | None = None,
            sleep: Callable[[float], None] = time.sleep) -> dict[str, Any] | None:
    """The user when the password is right, else None after a growing delay.

    Raises TooManyAttempts, before the password is looked at, while the user name or
    the address is locked out: the right password is refused too, and a name that is
    no user's is answered the same way.
    """
    now = now or datetime.now(UTC)
    limits = _keys(username, address, policy)
    _check_unlocked(store, limits, now)
    user = users.authenticate(store, username, password)
    if user is not None:
        # A success forgets the name's failures, never the address's: one account of
        # one's own must not reset a guessing run against the others.
        repo.clear(store, [user_key(username)], now=now)
        return user
    # The actor is nobody yet: the submitted name is only the target of the attempt.
    failures = _count_failure(store, username, address, limits, policy=policy, now=now,
                              actor="anonymous", action="sign_in_failed")
    sleep(policy.delay(failures))
    return None


def change_own_password(store: Store, username: str, current_password: str,
                        new_password: str, *, address: str, policy: SignInPolicy,
                        now: datetime | None = None,
                        sleep: Callable[[float], None] = time.sleep) -> dict[str, Any]:
    """A signed-in user's password change: the current password is checked and
    throttled as a sign-in is, then :func:`users.change_password` ends the other
    sessions. InvalidInput for a wrong current password or a short new one."""
    now = now or datetime.now(UTC)
    if not current_password:
        raise InvalidInput("enter your current password")
    users.check_password(new_password)  # before the guessable part, which counts
    limits = _keys(username, address, policy)
    _check_unlocked(store, limits, now)
    if users.authenticate(store, username, current_password) is None:
        failures = _count_failure(store, username, address, limits, policy=policy, now=now,
                                  actor=username, action="password_check_failed")
        sleep(policy.delay(failures))
        raise InvalidInput("the current password is not right")
    return users.change_password(store, username, new_password, actor=username, now=now)


def unlock(store: Store, username: str, *, addresses: Iterable[str] = (), actor: str,
           now: datetime | None = None) -> dict[str, Any]:
    """Lift the lockout of a user name (and of addresses) and forget their failures;
    audited. Whether any of them was locked is in the answer."""
    now = now or datetime.now(UTC)
    addresses = list(addresses)
    keys = [user_key(username), *(address_key(a) for a in addresses)]
    rows = {row["key"]: row["was_locked"] for row in repo.clear(store, keys, now=now)}
    data = {"username": username, "was_locked": rows.get(user_key(username), False),
            "addresses": {a: rows.get(address_key(a), False) for a in addresses}}
    record_audit(store, actor=actor, action="unlock_sign_in", target_kind="user",
                 target_id=username, detail=", ".join(f"address {a}" for a in addresses),
                 at=now)
    return data
