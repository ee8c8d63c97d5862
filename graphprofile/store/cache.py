"""A web server process's memo of what it read from the store, kept while nothing changed.

Every write to the accounts (an import, an edit, an erasure, an interview answer) forgets
the stored summaries of what it touched, and that counts a change on the portfolio's
``:PortfolioState`` node in the same step (``cypher/bump_portfolio_generation.cypher``).
A memo entry is kept under the counter's value (and the node's token, so a store emptied
and filled again is never taken for the same one): a request reads the counter first,
and a value read earlier under another count is dropped. So the next request after a
write sees it, in every worker process.

Only stores given to :func:`enable` remember anything (the web server's); elsewhere
:func:`remembered` just computes. Entries are few and bounded (least recently used go
first), and values must not be changed by whoever gets them.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from graphprofile import cypher
from graphprofile.store import Store

__all__ = ["DEFAULT_ENTRIES", "enable", "enabled", "generation", "remembered"]

T = TypeVar("T")
DEFAULT_ENTRIES = 256


class _Memo:
    def __init__(self, entries: int):
        self.entries = entries
        self.lock = threading.Lock()
        self.key: tuple[Any, Any] | None = None  # (token, counter) the values were read at
        self.values: OrderedDict[Hashable, Any] = OrderedDict()


_memos: weakref.WeakKeyDictionary[Store, _Memo] = weakref.WeakKeyDictionary()


def enable(store: Store, entries: int = DEFAULT_ENTRIES) -> None:
    """Let ``store`` remember up to ``entries`` values (0: nothing, as before)."""
    if entries > 0:
        _memos[store] = _Memo(entries)
    else:
        _memos.pop(store, None)


def enabled(store: Store) -> bool:
    return store in _memos


def generation(store: Store) -> tuple[Any, int]:
    """The portfolio's change count with its counter node's token; the node is made
    (counting from 0) the first time."""
    found = store.read("read_cache_generation")[0]
    if found["epoch"] is None:
        query = cypher.load("ensure_read_cache_generation")
        found = store.write_tx(lambda tx: tx.run(query).single().data())
    return found["epoch"], found["generation"]


def remembered(store: Store, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or what it returned for ``key`` since the last change to the store
    (only once :func:`enable` d; otherwise always ``compute()``)."""
    memo = _memos.get(store)
    if memo is None:
        return compute()
    now = generation(store)
    with memo.lock:
        if memo.key != now:
            memo.values.clear()
            memo.key = now
        elif key in memo.values:
            memo.values.move_to_end(key)
            return memo.values[key]  # type: ignore[no-any-return]
    value = compute()  # outside the lock: two threads may both compute, the same value
    with memo.lock:
        if memo.key == now:
            memo.values[key] = value
            while len(memo.values) > memo.entries:
                memo.values.popitem(last=False)
    return value
