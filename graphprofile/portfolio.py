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
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from multiprocessing.util import Finalize
from typing import Any, TypeVar

import networkx as nx

from graphprofile.graph import account_graph
from graphprofile.runtime import default_workers, tune_gc
from graphprofile.store import Connection, Store
from graphprofile.store.records import ACCOUNT_CHUNK, account_snapshots

__all__ = ["answers", "default_workers"]

T = TypeVar("T")
Question = Callable[[nx.MultiDiGraph], T]

_worker_store: Store | None = None
# Fork: workers start at once and need no importable __main__ (a script without a main
# guard works). A worker never touches the driver it inherits: it opens its own at start
# and leaves through os._exit, so the parent's connections are left alone. Where fork
# is missing, spawn.
_START_METHOD = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def answers(store: Store, question: Question[T], company_ids: Iterable[str], *,
            workers: int | None = None, chunk: int = ACCOUNT_CHUNK,
            progress: Callable[[int], None] | None = None,
            parts: Collection[str] | None = None) -> Iterator[tuple[str, T]]:
    """``(company_id, question(account graph))`` for every id, in the order given.

    Runs in this process when one worker is asked for, when the store cannot be reopened
    elsewhere, or when there are no more than two chunks (starting workers would cost
    more than it saves). ``progress`` is called with the number of accounts answered.
    ``parts``: the snapshot parts the question reads (every part when None; see
    :func:`~graphprofile.store.records.account_snapshots`). Raises NotFound for an
    unknown id.
    """
    ids = list(company_ids)
    workers = default_workers() if workers is None else max(1, workers)
    chunk = max(1, chunk)
    chunks = [ids[i:i + chunk] for i in range(0, len(ids), chunk)]
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
    return [(snapshot.company.id, question(account_graph(snapshot)))
            for snapshot in account_snapshots(_worker_store, company_ids,
                                              chunk=len(company_ids), parts=parts)]
