"""Web sessions: the signing key kept under $GRAPHPROFILE_HOME, idle and absolute limits."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from graphprofile.errors import InvalidInput

__all__ = ["KEY_FILE", "SessionPolicy", "secret_key"]

KEY_FILE = "secret_key"


def secret_key(home: Path) -> str:
    """The session signing key in ``home/secret_key`` (mode 0600), made on first use.

    Every worker process and every restart reads the same key, so a session signed by
    one is valid in all. Workers starting at once agree: the key is written to a file of
    its own and linked into place, and only the first link wins.
    """
    path = home / KEY_FILE
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True, mode=0o700)
        draft = home / f".{KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, (secrets.token_hex(32) + "\n").encode("ascii"))
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another worker made it first: use theirs
        finally:
            draft.unlink()
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)  # a copy restored with loose permissions is tightened again
    key = path.read_text(encoding="ascii").strip()
    if len(key) < 32:
        raise InvalidInput(f"{path} holds no usable session key; delete it to make a new one")
    return key


@dataclass(frozen=True)
class SessionPolicy:
    """How long a session lasts without a request (idle) and at most after sign-in.

    >>> SessionPolicy().expired(signed_in=0, seen=0, now=8 * 3600 - 1)
    False
    >>> SessionPolicy().expired(signed_in=0, seen=0, now=8 * 3600)
    True
    """

    idle_seconds: int = 8 * 3600  # a working day without a click
    max_seconds: int = 7 * 24 * 3600  # then sign in again, however busy

    def expired(self, *, signed_in: float | None, seen: float | None, now: float) -> bool:
        """Whether a session signed in at ``signed_in`` and last used at ``seen`` (epoch
        seconds; None for a session from before these limits) is over at ``now``."""
        if signed_in is None or seen is None:
            return True
        return now - seen >= self.idle_seconds or now - signed_in >= self.max_seconds

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SessionPolicy:
        """From ``GRAPHPROFILE_SESSION_IDLE_MINUTES`` and ``GRAPHPROFILE_SESSION_MAX_HOURS``."""
        env = os.environ if environ is None else environ
        d = cls()

        def whole(name: str, default: int) -> int:
            text = env.get(name)
            if not text:
                return default
            if not text.isdigit() or int(text) == 0:
                raise InvalidInput(f"{name} must be a positive whole number, got {text!r}")
            return int(text)

        return cls(idle_seconds=whole("GRAPHPROFILE_SESSION_IDLE_MINUTES",
                                      d.idle_seconds // 60) * 60,
                   max_seconds=whole("GRAPHPROFILE_SESSION_MAX_HOURS",
                                     d.max_seconds // 3600) * 3600)
