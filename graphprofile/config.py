"""Settings from the environment (NEO4J_*, GRAPHPROFILE_*), read once per process."""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from graphprofile import resources

# The checkout's root, meaningful only in a checkout (tests, scripts). The library finds
# its own files through graphprofile.resources, so an installed wheel works anywhere.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _user_cache(env: Mapping[str, str]) -> Path:
    """``$XDG_CACHE_HOME/graphprofile``, else ``~/.cache/graphprofile``."""
    base = env.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base, "graphprofile").resolve()


@dataclass(frozen=True)
class Settings:
    """Where the store is and how to reach or start it.

    With ``neo4j_uri`` set the tool uses that server; without it, it manages a
    local Neo4j whose data and logs live under ``home``.
    """

    home: Path = field(default_factory=lambda: Path(".graphprofile").resolve())
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str | None = None
    neo4j_database: str = "neo4j"
    # Managed local server only: the launcher's source, and where its jars are built when
    # they are not next to it (see graphprofile.store.jars.server_jars).
    server_dir: Path = field(default_factory=resources.server_source)
    cache_dir: Path = field(default_factory=lambda: _user_cache(os.environ))
    preferred_port: int = 7687
    heap: str = "1g"
    pagecache: str = "512m"
    # Extra options for its JVM, after the tool's own (the last of a repeated one wins):
    # a flight recording to profile the server, another collector.
    jvm_options: tuple[str, ...] = ()
    start_timeout: float = 120.0
    # How long the driver retries a transaction on a transient failure (a cluster
    # election), and waits for a connection; past that the store is "unavailable".
    retry_seconds: float = 15.0
    connect_timeout: float = 5.0
    # A Dask scheduler (tcp://HOST:8786): portfolio jobs run on its workers, not in a
    # local process pool (see graphprofile.portfolio).
    scheduler: str | None = None

    @property
    def managed(self) -> bool:
        """True when the tool runs its own local Neo4j (no NEO4J_URI given)."""
        return not self.neo4j_uri

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        defaults = cls()
        return cls(
            home=Path(env.get("GRAPHPROFILE_HOME") or ".graphprofile").resolve(),
            neo4j_uri=env.get("NEO4J_URI") or None,
            neo4j_user=env.get("NEO4J_USER") or defaults.neo4j_user,
            neo4j_password=env.get("NEO4J_PASSWORD") or None,
            neo4j_database=env.get("NEO4J_DATABASE") or defaults.neo4j_database,
            server_dir=Path(env.get("GRAPHPROFILE_SERVER_DIR") or defaults.server_dir),
            cache_dir=(Path(env["GRAPHPROFILE_CACHE"]).resolve() if env.get("GRAPHPROFILE_CACHE")
                       else _user_cache(env)),
            preferred_port=int(env.get("GRAPHPROFILE_NEO4J_PORT") or defaults.preferred_port),
            heap=env.get("GRAPHPROFILE_NEO4J_HEAP") or defaults.heap,
            pagecache=env.get("GRAPHPROFILE_NEO4J_PAGECACHE") or defaults.pagecache,
            jvm_options=tuple(shlex.split(env.get("GRAPHPROFILE_NEO4J_JVM_OPTIONS") or "")),
            start_timeout=float(
                env.get("GRAPHPROFILE_START_TIMEOUT") or defaults.start_timeout
            ),
            retry_seconds=float(
                env.get("GRAPHPROFILE_NEO4J_RETRY_SECONDS") or defaults.retry_seconds
            ),
            connect_timeout=float(
                env.get("GRAPHPROFILE_NEO4J_CONNECT_TIMEOUT") or defaults.connect_timeout
            ),
            scheduler=(env.get("GRAPHPROFILE_SCHEDULER") or "").strip() or None,
        )
