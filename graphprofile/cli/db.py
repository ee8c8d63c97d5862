"""``graphprofile db``: the managed local Neo4j."""

from __future__ import annotations

from typing import Any

import click

from graphprofile.cli.base import emit, handles_errors, json_option, main, open_store
from graphprofile.config import Settings
from graphprofile.errors import InvalidInput


@main.group()
def db() -> None:
    """Manage the local Neo4j (only when NEO4J_URI is not set)."""


def _server():
    settings = Settings.from_env()
    if not settings.managed:
        raise InvalidInput(
            f"NEO4J_URI is set ({settings.neo4j_uri}): that server is not managed by graphprofile"
        )
    from graphprofile.store.server import LocalServer

    return LocalServer(settings)


def _status_dict(status: Any) -> dict[str, Any]:
    return {"running": status.running, "pid": status.pid, "port": status.port,
            "uri": status.uri, "home": str(status.home)}


def _show_status(data: dict[str, Any]) -> None:
    if data["running"]:
        click.echo(f"Neo4j is running at {data['uri']} (pid {data['pid']}, home {data['home']})")
    else:
        click.echo(f"Neo4j is not running (home {data['home']})")


@db.command("start")
@json_option
@handles_errors
def db_start(as_json: bool) -> None:
    """Start the local Neo4j, or reuse it when it is already running."""
    server = _server()
    status = server.start()
    open_store().close()  # applies the schema
    emit(_status_dict(status), as_json, _show_status)


@db.command("stop")
@json_option
@handles_errors
def db_stop(as_json: bool) -> None:
    """Stop the local Neo4j cleanly (SIGTERM, then wait)."""
    was_running = _server().stop()
    emit({"stopped": was_running}, as_json,
          lambda d: click.echo("Neo4j stopped" if d["stopped"] else "Neo4j was not running"))


@db.command("status")
@json_option
@handles_errors
def db_status(as_json: bool) -> None:
    """Tell whether the local Neo4j is running, where, and with which pid."""
    emit(_status_dict(_server().status()), as_json, _show_status)


@db.command("clear")
@click.option("--yes", is_flag=True, help="Confirm: delete every node and relationship.")
@json_option
@handles_errors
def db_clear(yes: bool, as_json: bool) -> None:
    """Delete all data from the database (the schema stays)."""
    if not yes:
        raise InvalidInput("refusing to delete everything without --yes")
    with open_store() as store:
        deleted = store.clear()
    emit({"deleted_nodes": deleted}, as_json,
          lambda d: click.echo(f"deleted {d['deleted_nodes']} nodes"))



