"""``graphprofile serve`` in production: the web app under gunicorn.

The master process never serves: it binds the port, forks ``workers`` processes of
``threads`` threads each (gunicorn's ``gthread`` worker) and replaces any that dies. Each
worker opens its own store (one Neo4j driver per process, never one inherited through
fork) and keeps a read cache of its own (:mod:`graphprofile.store.cache`). SIGHUP to the
master starts fresh workers and lets the old ones finish what they serve (graceful
restart); SIGTERM or Ctrl+C stops after the requests in flight; SIGUSR1 reopens the logs.
"""

from __future__ import annotations

import os
from typing import Any

from graphprofile.store import Connection

__all__ = ["GRACEFUL_SECONDS", "default_threads", "default_workers", "unavailable", "run"]

# How long a stopping or reloaded worker may take to finish the requests it has.
GRACEFUL_SECONDS = 30


def default_workers() -> int:
    """Worker processes: one per CPU (the threads of each wait on Neo4j and the network
    in turn)."""
    return max(1, os.cpu_count() or 1)


def default_threads() -> int:
    """Threads per worker process."""
    return 4


def unavailable() -> str | None:
    """Why gunicorn cannot serve here (None when it can): it needs ``fork``."""
    if not hasattr(os, "fork"):
        return "this system has no fork(), which gunicorn needs"
    try:
        import gunicorn.app.base  # noqa: F401  # imports fcntl: POSIX only
    except ImportError as exc:
        return f"gunicorn cannot be imported ({exc})"
    return None


def _bind(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def run(connection: Connection, *, host: str, port: int, single_user: bool, workers: int,
        threads: int, access_log: str, cache_entries: int) -> None:
    """Serve until stopped. ``access_log``: a file path, or ``-`` for stdout."""
    from gunicorn.app.base import BaseApplication

    import web  # imported once here: every worker shares these modules through fork
    from graphprofile.runtime import tune_gc

    options: dict[str, Any] = {
        "bind": [_bind(host, port)],
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "accesslog": access_log,
        "errorlog": "-",
        "loglevel": "info",
        "graceful_timeout": GRACEFUL_SECONDS,
        # A worker's main loop answers the master's heartbeat while its threads serve, so
        # this bounds a stuck worker, not a long page (the first portfolio page after an
        # import computes every summary).
        "timeout": 120,
        "keepalive": 5,
        "proc_name": "graphprofile",
        "preload_app": False,  # each worker builds its own app and store after fork
        "post_worker_init": lambda worker: tune_gc(),
        "worker_exit": _close_worker_store,
        # gunicorn 24 and later listen on ~/.gunicorn/gunicorn.ctl: one path for every
        # server of the user, so a second one would take it over. Signals do the same.
        "control_socket_disable": True,
    }
    config = {"SINGLE_USER": single_user}

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                if key in self.cfg.settings:  # a setting older gunicorns lack is left out
                    self.cfg.set(key, value)

        def load(self) -> Any:
            # In the worker, after fork: its own driver and read cache.
            from graphprofile.store import cache

            store = connection.open()
            cache.enable(store, cache_entries)
            return web.create_app(store=store, config=config)

    tune_gc()
    Server().run()


def _close_worker_store(server: Any, worker: Any) -> None:
    app = getattr(worker, "wsgi", None)
    store = app.extensions.get("graphprofile.store") if app is not None else None
    if store is not None:
        store.close()
