"""The web explorer: ``serve``, and ``demo`` (load the demo portfolio, then serve it)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from graphprofile.cli.base import emit, handles_errors, json_option, main, open_store
from graphprofile.cli.bundles import import_path, show_stats
from graphprofile.errors import InvalidInput
from graphprofile.resources import demo_bundle

DEMO_BUNDLE = demo_bundle()

host_option = click.option("--host", default="127.0.0.1", show_default=True,
                           help="Interface to listen on (keep loopback unless you mean it).")
port_option = click.option("--port", default=5000, show_default=True,
                           type=click.IntRange(1, 65535), help="HTTP port.")
single_user_option = click.option(
    "--single-user", is_flag=True,
    help="No sign-in: whoever reaches the port is admin. Only for yourself on loopback.")


def server_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--dev``, ``--workers``, ``--threads`` and ``--access-log``: how pages are served."""
    for option in reversed((
        click.option("--dev", is_flag=True,
                     help="Werkzeug's development server (one process, no read cache) "
                          "instead of gunicorn."),
        click.option("--workers", type=click.IntRange(1, 64), envvar="GRAPHPROFILE_WEB_WORKERS",
                     help="gunicorn worker processes (env GRAPHPROFILE_WEB_WORKERS; "
                          "default: one per CPU)."),
        click.option("--threads", type=click.IntRange(1, 64), envvar="GRAPHPROFILE_WEB_THREADS",
                     help="Threads per worker (env GRAPHPROFILE_WEB_THREADS; default 4)."),
        click.option("--access-log", metavar="PATH", envvar="GRAPHPROFILE_ACCESS_LOG",
                     default="-", show_default=True,
                     help="Where gunicorn writes a line per request: a file, or - for "
                          "stdout (env GRAPHPROFILE_ACCESS_LOG)."),
    )):
        command = option(command)
    return command


def _serve(host: str, port: int, single_user: bool = False, *, dev: bool = False,
           workers: int | None = None, threads: int | None = None,
           access_log: str = "-") -> None:
    from graphprofile.cli import production
    from graphprofile.services.users import list_users

    store = open_store()  # fail now, with exit code 2, rather than on the first request
    if single_user:
        click.echo("single-user mode: no sign-in, you are admin", err=True)
    elif not list_users(store):
        click.echo("no users yet: add one with `graphprofile user add NAME --role admin`, "
                   "or serve with --single-user", err=True)
    why_not = None if dev else production.unavailable()
    if why_not:
        click.echo(f"gunicorn cannot serve here: {why_not}; serving with Werkzeug's "
                   "development server instead (--dev says so without this message)",
                   err=True)
    if dev or why_not:
        _serve_dev(store, host, port, single_user)
        return
    connection = store.connection
    store.close()  # the workers open their own, after fork
    assert connection is not None
    workers = workers or production.default_workers()
    threads = threads or production.default_threads()
    click.echo(f"graphprofile web explorer on http://{_url_host(host)}:{port}/  "
               f"(gunicorn: {workers} workers x {threads} threads; Ctrl+C to stop, "
               "kill -HUP to reload)")
    production.run(connection, host=host, port=port, single_user=single_user,
                   workers=workers, threads=threads, access_log=access_log,
                   cache_entries=_cache_entries())


def _cache_entries() -> int:
    value = os.environ.get("GRAPHPROFILE_READ_CACHE", "").strip()
    if not value:
        from graphprofile.store.cache import DEFAULT_ENTRIES

        return DEFAULT_ENTRIES
    if not value.isdigit():
        raise InvalidInput(f"GRAPHPROFILE_READ_CACHE must be a whole number, got {value!r}")
    return int(value)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _serve_dev(store: Any, host: str, port: int, single_user: bool) -> None:
    """Werkzeug's threaded server in this process, on ``store``."""
    from werkzeug.serving import run_simple

    from graphprofile.runtime import tune_gc
    from web import create_app

    app = create_app(store=store, config={"SINGLE_USER": single_user})
    click.echo(f"graphprofile web explorer on http://{_url_host(host)}:{port}/  "
               "(Werkzeug development server; Ctrl+C to stop)")
    tune_gc()  # again: the web app's own modules are loaded now
    try:
        run_simple(host, port, app, threaded=True, use_reloader=False, use_debugger=False)
    finally:
        store.close()


@main.command("demo")
@click.option("--bundle", type=click.Path(exists=True, path_type=Path), default=DEMO_BUNDLE,
              show_default=True, help="Bundle to load.")
@click.option("--serve", is_flag=True, help="Then serve the web explorer on the demo data.")
@host_option
@port_option
@single_user_option
@server_options
@json_option
@handles_errors
def demo_command(bundle: Path, serve: bool, host: str, port: int, single_user: bool,
                 dev: bool, workers: int | None, threads: int | None, access_log: str,
                 as_json: bool) -> None:
    """Start the store, load the demo portfolio, print what was loaded (and serve it).

    Into an empty store the shipped demo's two earlier exports are imported first, so
    its import history, champion moves and upsell signals have something to show.
    """
    from graphprofile import services
    from graphprofile.services.audit_log import current_actor

    if bundle.resolve() == DEMO_BUNDLE.resolve():
        with open_store() as store:
            services.import_demo(store, bundle, actor=current_actor())
    else:
        import_path(bundle, bar=False)
    with open_store() as store:
        data = services.stats(store)

    def human(d: dict[str, dict[str, int]]) -> None:
        click.echo(f"Demo portfolio loaded from {bundle}:")
        show_stats(d)

    emit(data, as_json, human)
    if serve:
        _serve(host, port, single_user, dev=dev, workers=workers, threads=threads,
               access_log=access_log)


@main.command("serve")
@host_option
@port_option
@single_user_option
@server_options
@handles_errors
def serve_command(host: str, port: int, single_user: bool, dev: bool, workers: int | None,
                  threads: int | None, access_log: str) -> None:
    """Serve the web explorer (starts or reuses the local Neo4j, or uses NEO4J_URI).

    Every page needs a user signed in (see `graphprofile user add`) unless
    --single-user is given. Pages are served by gunicorn: worker processes with
    threads, each with its own Neo4j driver; `kill -HUP` the master to restart the
    workers without dropping requests. --dev serves with Werkzeug's server instead.
    """
    _serve(host, port, single_user, dev=dev, workers=workers, threads=threads,
           access_log=access_log)
