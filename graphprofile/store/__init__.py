"""The Neo4j shell: one driver per process, named statements, errors wrapped."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase, ManagedTransaction
from neo4j import exceptions as neo4j_errors

from graphprofile import cypher
from graphprofile.config import Settings
from graphprofile.errors import StoreUnavailable

__all__ = ["Connection", "Store", "open_store"]

T = TypeVar("T")

# Failures that mean "the server is not there or not usable", never bad data.
_UNAVAILABLE = (
    neo4j_errors.ServiceUnavailable,
    neo4j_errors.SessionExpired,
    neo4j_errors.AuthError,
    neo4j_errors.DatabaseUnavailable,
    OSError,
)


def _unavailable(uri: str, exc: BaseException) -> StoreUnavailable:
    # The driver's text spans lines; a CLI error is one line.
    reason = " ".join(str(exc).split()) or type(exc).__name__
    return StoreUnavailable(f"Neo4j at {uri} is unavailable: {reason}")


def _quiet_driver_logs() -> None:
    # The driver logs dropped connections at ERROR; with no handler of ours Python
    # would print them to stderr beside our own one-line error.
    driver_log = logging.getLogger("neo4j")
    driver_log.setLevel(logging.CRITICAL + 1)
    driver_log.propagate = False
    if not any(isinstance(h, logging.NullHandler) for h in driver_log.handlers):
        driver_log.addHandler(logging.NullHandler())


@dataclass(frozen=True)
class Connection:
    """How to reach a running Neo4j: what a worker process needs to open its own driver
    (a driver is never shared across processes)."""

    uri: str
    auth: tuple[str, str]
    database: str
    retry_seconds: float
    connect_timeout: float

    def __repr__(self) -> str:  # never print the password
        return f"Connection(uri={self.uri!r}, database={self.database!r})"

    def open(self, *, schema: bool = False) -> Store:
        """A Store with a driver of its own; raises StoreUnavailable when unreachable."""
        _quiet_driver_logs()
        try:
            driver = GraphDatabase.driver(
                self.uri, auth=self.auth,
                max_transaction_retry_time=self.retry_seconds,
                connection_timeout=self.connect_timeout,
                connection_acquisition_timeout=self.connect_timeout + self.retry_seconds,
            )
        except (ValueError, neo4j_errors.ConfigurationError) as exc:
            raise StoreUnavailable(f"bad NEO4J_URI {self.uri!r}: {exc}") from exc
        store = Store(driver, self.database, self.uri, connection=self)
        try:
            store.ping()
            if schema:
                store.apply_schema()
        except Exception:
            driver.close()
            raise
        return store


class Store:
    """Named Cypher statements run through one driver.

    Reads go through ``execute_read`` and writes through ``execute_write``, so a
    ``neo4j://`` routing URI sends them to the right cluster members and the
    driver retries transient failures (every write statement is idempotent).
    """

    def __init__(self, driver: neo4j.Driver, database: str, uri: str,
                 connection: Connection | None = None):
        self.driver = driver
        self.database = database
        self.uri = uri
        # How another process reaches the same server (None for a hand-made Store).
        self.connection = connection

    # -- transactions ---------------------------------------------------------------
    @contextmanager
    def _session(self) -> Iterator[neo4j.Session]:
        try:
            with self.driver.session(database=self.database) as session:
                yield session
        except _UNAVAILABLE as exc:
            raise _unavailable(self.uri, exc) from exc

    def read_tx(self, work: Callable[[ManagedTransaction], T]) -> T:
        """Run ``work(tx)`` in one read transaction (several statements allowed)."""
        with self._session() as session:
            return session.execute_read(work)

    def write_tx(self, work: Callable[[ManagedTransaction], T]) -> T:
        """Run ``work(tx)`` in one write transaction; ``work`` must be idempotent."""
        with self._session() as session:
            return session.execute_write(work)

    def read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Rows of the named read statement, as dicts."""
        query = cypher.load(name)
        return self.read_tx(lambda tx: [r.data() for r in tx.run(query, params)])

    def read_column(self, name: str, column: str, **params: Any) -> list[Any]:
        """One column of the named read statement's rows, as the driver decodes it
        (lists and numbers as they are: no per-value conversion, for large answers)."""
        query = cypher.load(name)
        return self.read_tx(lambda tx: [r[column] for r in tx.run(query, params)])

    def write(self, name: str, **params: Any) -> dict[str, int]:
        """Run the named write statement; return its update counters."""
        query = cypher.load(name)

        def work(tx: ManagedTransaction) -> dict[str, int]:
            counters = tx.run(query, params).consume().counters
            return {
                k: v for k, v in vars(counters).items()
                if not k.startswith("_") and isinstance(v, int) and not isinstance(v, bool) and v
            }

        return self.write_tx(work)

    # -- maintenance -------------------------------------------------------------------
    def apply_schema(self) -> None:
        """Create every constraint and index of ``cypher/schema.cypher`` (idempotent)."""
        with self._session() as session:
            for statement in cypher.statements("schema"):
                # Schema commands may not share a transaction with anything else.
                session.run(statement).consume()

    def clear(self, batch: int = 10_000) -> int:
        """Delete every node and relationship, in batches; return how many nodes."""
        total = 0
        while True:
            deleted = self.write_tx(
                lambda tx: tx.run(cypher.load("clear_batch"), limit=batch).single()["deleted"]
            )
            total += deleted
            if deleted == 0:
                return total

    def ping(self) -> None:
        """Raise StoreUnavailable unless the server answers."""
        try:
            self.driver.verify_connectivity()
        except _UNAVAILABLE as exc:
            raise _unavailable(self.uri, exc) from exc

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(settings: Settings | None = None, *, schema: bool = True) -> Store:
    """Connect to ``NEO4J_URI``, or start (or reuse) the managed local Neo4j.

    Raises StoreUnavailable, with what to do, when no server can be reached.
    """
    settings = settings or Settings.from_env()
    if settings.managed:
        from graphprofile.store.server import LocalServer

        server = LocalServer(settings)
        status = server.start()
        uri, auth = status.uri, server.auth()
    else:
        uri = settings.neo4j_uri
        auth = (settings.neo4j_user, settings.neo4j_password or "")
    return Connection(uri, auth, settings.neo4j_database, settings.retry_seconds,
                      settings.connect_timeout).open(schema=schema)
