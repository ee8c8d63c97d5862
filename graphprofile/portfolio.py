"""One per-account question over many accounts: loaded in chunks, answered in parallel.

A portfolio question (the gaps of every account, the summaries the portfolio page shows)
never builds one graph of the whole portfolio: each account is analysed on its own graph.
Accounts are loaded ``chunk`` at a time (one query per part for the whole chunk, see
:func:`~graphprofile.store.records.account_snapshots`), and when there are enough of them
the chunks are spread over worker processes, each with its own driver (drivers are never
shared across processes). Answers come back in the order of the ids given.

``question`` is any picklable callable from an account graph to a picklable answer: a
module-level function, or a :func:`functools.partial` of one binding ``as_of`` and the
settings.

With a Dask scheduler (``GRAPHPROFILE_SCHEDULER``, or :func:`on_scheduler` for the CLI's
``--scheduler``) the same chunks go to the cluster's workers instead: each worker process
opens one store of its own from the same :class:`~graphprofile.store.Connection` (the URI
as given, so a ``neo4j://`` or ``neo4j+s://`` one routes its reads) and keeps it for
every later chunk. The answers are gathered in the order of the ids, so they are the
local pool's. See docs/scaling.md.
"""

from __future__ import annotations

import atexit
import ipaddress
import multiprocessing
import socket
import threading
import uuid
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import CancelledError, ProcessPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import repeat
from multiprocessing.util import Finalize
from typing import Any, TypeVar
from urllib.parse import urlsplit

import networkx as nx

from graphprofile.config import Settings
from graphprofile.errors import ClusterUnavailable
from graphprofile.graph import account_graph
from graphprofile.runtime import default_workers, tune_gc
from graphprofile.store import Connection, Store
from graphprofile.store.records import ACCOUNT_CHUNK, account_snapshots

__all__ = ["CHUNK_KEY", "answers", "default_workers", "on_scheduler", "scheduler_address"]

T = TypeVar("T")
Question = Callable[[nx.MultiDiGraph], T]

_worker_store: Store | None = None
# Fork: workers start at once and need no importable __main__ (a script without a main
# guard works). A worker never touches the driver it inherits: it opens its own at start
# and leaves through os._exit, so the parent's connections are left alone. Where fork
# is missing, spawn.
_START_METHOD = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"

# The task-name prefix of a chunk on a Dask cluster (what its dashboard shows).
CHUNK_KEY = "portfolio-chunk"
# Chunks submitted ahead per worker thread: enough to keep every worker busy, few enough
# that answers waiting to be gathered in order stay small.
_AHEAD_PER_THREAD = 4
# The CLI's --scheduler, for the portfolio jobs run inside on_scheduler().
_scheduler: ContextVar[str | None] = ContextVar("graphprofile_scheduler", default=None)
# A Dask worker process's stores, one per Connection, opened by its first chunk.
_cluster_stores: dict[Connection, Store] = {}
_cluster_lock = threading.Lock()


@contextmanager
def on_scheduler(address: str | None) -> Iterator[None]:
    """Portfolio jobs started inside run on the Dask scheduler at ``address`` (the CLI's
    ``--scheduler``); with None, GRAPHPROFILE_SCHEDULER (or the local pool) decides."""
    address = (address or "").strip()
    if not address:
        yield
        return
    token = _scheduler.set(address)
    try:
        yield
    finally:
        _scheduler.reset(token)


def scheduler_address() -> str | None:
    """The Dask scheduler portfolio jobs run on: :func:`on_scheduler`'s, else
    GRAPHPROFILE_SCHEDULER; None for the local process pool."""
    return _scheduler.get() or Settings.from_env().scheduler


def answers(store: Store, question: Question[T], company_ids: Iterable[str], *,
            workers: int | None = None, chunk: int = ACCOUNT_CHUNK,
            progress: Callable[[int], None] | None = None,
            parts: Collection[str] | None = None) -> Iterator[tuple[str, T]]:
    """``(company_id, question(account graph))`` for every id, in the order given.

    Runs in this process when one worker is asked for, when the store cannot be reopened
    elsewhere, or when there are no more than two chunks (starting workers would cost
    more than it saves). With a scheduler (:func:`scheduler_address`) every question of
    more than one account goes to its workers, unless one worker is asked for or the
    store cannot be reopened. ``progress`` is called with the number of accounts
    answered. ``parts``: the snapshot parts the question reads (every part when None; see
    :func:`~graphprofile.store.records.account_snapshots`). Raises NotFound for an
    unknown id, ClusterUnavailable when the scheduler cannot be reached or its workers
    cannot reach the store.
    """
    ids = list(company_ids)
    chunk = max(1, chunk)
    chunks = [ids[i:i + chunk] for i in range(0, len(ids), chunk)]
    if workers != 1 and store.connection is not None and len(ids) > 1:
        address = scheduler_address()
        if address:
            yield from _on_cluster(address, store.connection, question, chunks, parts,
                                   progress)
            return
    workers = default_workers() if workers is None else max(1, workers)
    if workers == 1 or store.connection is None or len(chunks) <= 2:
        for snapshot in account_snapshots(store, ids, chunk=chunk, parts=parts):
            yield snapshot.company.id, question(account_graph(snapshot))
            if progress:
                progress(1)
        return
    context = multiprocessing.get_context(_START_METHOD)
    pool = ProcessPoolExecutor(min(workers, len(chunks)), mp_context=context,
                               initializer=_open_worker, initargs=(store.connection,))
    try:
        for answered in pool.map(_answer_chunk, chunks, repeat(question), repeat(parts)):
            yield from answered
            if progress:
                progress(len(answered))
    finally:
        # A caller that stops early (or an error) cancels the chunks not started yet.
        pool.shutdown(wait=True, cancel_futures=True)


def _open_worker(connection: Connection) -> None:
    global _worker_store
    tune_gc()
    _worker_store = connection.open()
    # Workers end through os._exit, which skips atexit; multiprocessing's own exit
    # finalizers still run, so the worker's driver says goodbye to the server.
    Finalize(None, _worker_store.close, exitpriority=10)


def _answer_chunk(company_ids: list[str], question: Question[Any],
                  parts: Collection[str] | None) -> list[tuple[str, Any]]:
    assert _worker_store is not None, "worker started without a store"
    return _answer(_worker_store, company_ids, question, parts)


def _answer(store: Store, company_ids: list[str], question: Question[Any],
            parts: Collection[str] | None) -> list[tuple[str, Any]]:
    return [(snapshot.company.id, question(account_graph(snapshot)))
            for snapshot in account_snapshots(store, company_ids, chunk=len(company_ids),
                                              parts=parts)]


# -- on a Dask cluster ------------------------------------------------------------------

def _on_cluster(address: str, connection: Connection, question: Question[T],
                chunks: list[list[str]], parts: Collection[str] | None,
                progress: Callable[[int], None] | None) -> Iterator[tuple[str, T]]:
    """The chunks answered by the workers of the scheduler at ``address``, in order; a
    bounded number of chunks is in flight, so early stops and memory stay cheap."""
    _check_reachable(address, connection)
    import dask
    from dask.utils import parse_timedelta
    from distributed import Client

    timeout = parse_timedelta(dask.config.get("distributed.comm.timeouts.connect"))
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, ValueError) as exc:
        raise ClusterUnavailable(f"Dask scheduler at {address} is unreachable: "
                                 f"{_one_line(exc)}") from exc
    pending: deque[Any] = deque()
    try:
        try:
            client.wait_for_workers(1, timeout=timeout)
        except (OSError, TimeoutError) as exc:
            raise ClusterUnavailable(f"Dask scheduler at {address} has no workers "
                                     f"(waited {timeout:g} s)") from exc
        # The question (settings, peer figures) travels once per worker, not per chunk.
        shared = client.scatter(question, broadcast=True, hash=False)
        ahead = max(2, _AHEAD_PER_THREAD * sum(client.nthreads().values()))
        job = uuid.uuid4().hex
        todo = iter(enumerate(chunks))

        def submit_next() -> None:
            for i, ids in todo:
                pending.append(client.submit(_answer_on_worker, ids, connection, shared,
                                             parts, key=f"{CHUNK_KEY}-{job}-{i}"))
                return

        for _ in range(ahead):
            submit_next()
        while pending:
            answered = _gathered(pending.popleft(), address)
            submit_next()
            yield from answered
            if progress:
                progress(len(answered))
    finally:
        # An early stop or an error: the chunks not gathered are dropped on the cluster.
        if pending:
            client.cancel(list(pending))
        client.close()


def _gathered(future: Any, address: str) -> list[tuple[str, Any]]:
    from distributed import KilledWorker

    try:
        return future.result()
    except (KilledWorker, CancelledError, OSError) as exc:
        raise ClusterUnavailable(f"Dask cluster at {address} lost a portfolio chunk: "
                                 f"{_one_line(exc)}") from exc


def _answer_on_worker(company_ids: list[str], connection: Connection,
                      question: Question[Any],
                      parts: Collection[str] | None) -> list[tuple[str, Any]]:
    """One chunk on a Dask worker, through that process's own store."""
    return _answer(_cluster_store(connection), company_ids, question, parts)


def _cluster_store(connection: Connection) -> Store:
    # One driver per worker process and connection, shared by its threads (a driver is
    # thread-safe; each statement opens its own session).
    with _cluster_lock:
        store = _cluster_stores.get(connection)
        if store is None:
            if not _cluster_stores:
                tune_gc()
            store = connection.open()
            _cluster_stores[connection] = store
            atexit.register(store.close)
        return store


def _check_reachable(address: str, connection: Connection) -> None:
    """Refuse a store on loopback (the managed local Neo4j) with a scheduler elsewhere:
    that scheduler's workers would look for Neo4j on their own machines."""
    scheduler_host = urlsplit(address if "://" in address else f"tcp://{address}").hostname
    if _loopback(urlsplit(connection.uri).hostname) and not _loopback(scheduler_host):
        raise ClusterUnavailable(
            f"the Neo4j at {connection.uri} is on this machine's loopback (as the managed "
            f"local Neo4j always is), which the workers of the Dask scheduler at {address} "
            "cannot reach: set NEO4J_URI to a Neo4j they can reach (a cluster or Aura, "
            "neo4j+s://...), see docs/scaling.md")


def _loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        return ipaddress.ip_address(socket.gethostbyname(host)).is_loopback
    except (OSError, ValueError):
        return False


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
