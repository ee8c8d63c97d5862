"""The web explorer: ``serve``, and ``demo`` (load the demo portfolio, then serve it)."""

from __future__ import annotations

from pathlib import Path

import click

from graphprofile.cli.base import emit, handles_errors, json_option, main, open_store
from graphprofile.cli.bundles import import_path, show_stats
from graphprofile.resources import demo_bundle

DEMO_BUNDLE = demo_bundle()

host_option = click.option("--host", default="127.0.0.1", show_default=True,
                           help="Interface to listen on (keep loopback unless you mean it).")
port_option = click.option("--port", default=5000, show_default=True,
                           type=click.IntRange(1, 65535), help="HTTP port.")
single_user_option = click.option(
    "--single-user", is_flag=True,
    help="No sign-in: whoever reaches the port is admin. Only for yourself on loopback.")


def _serve(host: str, port: int, single_user: bool = False) -> None:

    from werkzeug.serving import run_simple

    from graphprofile.runtime import tune_gc
    from graphprofile.services.users import list_users
    from web import create_app

    store = open_store()  # fail now, with exit code 2, rather than on the first request
    app = create_app(store=store, config={"SINGLE_USER": single_user})
    if single_user:
        click.echo("single-user mode: no sign-in, you are admin", err=True)
    elif not list_users(store):
        click.echo("no users yet: add one with `graphprofile user add NAME --role admin`, "
                   "or serve with --single-user", err=True)
    click.echo(f"graphprofile web explorer on http://{host}:{port}/  (Ctrl+C to stop)")
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
@json_option
@handles_errors
def demo_command(bundle: Path, serve: bool, host: str, port: int, single_user: bool,
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
        _serve(host, port, single_user)


@main.command("serve")
@host_option
@port_option
@single_user_option
@handles_errors
def serve_command(host: str, port: int, single_user: bool) -> None:
    """Serve the web explorer (starts or reuses the local Neo4j, or uses NEO4J_URI).

    Every page needs a user signed in (see `graphprofile user add`) unless
    --single-user is given.
    """
    _serve(host, port, single_user)
