"""API tokens of the web explorer's users: ``token create``, ``token list``, ``token revoke``."""

from __future__ import annotations

from typing import Any

import click

from graphprofile.cli.base import emit, handles_errors, json_option, main, open_store


@main.group()
def token() -> None:
    """API tokens: scripts call the JSON API (/api/...) with `Authorization: Bearer TOKEN`
    and the role of the token's user."""


@token.command("create")
@click.argument("name")
@click.option("--user", "username", required=True, metavar="USERNAME",
              help="The web user the token acts as, with that user's role.")
@json_option
@handles_errors
def token_create(name: str, username: str, as_json: bool) -> None:
    """Create an API token and print it once: only its hash is stored, so it cannot be
    shown again (revoke it and create another if it is lost)."""
    from graphprofile.services import tokens
    from graphprofile.services.audit_log import current_actor

    with open_store() as store:
        data = tokens.create_token(store, name, username, actor=current_actor())
    emit(data, as_json, lambda d: (
        click.echo(d["token"]),
        click.echo(f"token {d['name']} for {d['user']} ({d['role']}): shown once, keep it "
                   "secret", err=True)))


@token.command("list")
@json_option
@handles_errors
def token_list(as_json: bool) -> None:
    """List the API tokens with user, creation time and the day last used (never the
    token itself)."""
    from graphprofile.services import tokens

    with open_store() as store:
        rows = tokens.list_tokens(store)

    def human(data: list[dict[str, Any]]) -> None:
        if not data:
            click.echo("no API tokens (create one with `graphprofile token create NAME "
                       "--user USERNAME`)")
        for row in data:
            state = "" if row["active"] else "  (user removed: inactive)"
            click.echo(f"{row['name']:<24} {row['user']:<16} {row['created']}  "
                       f"last used {row['last_used'] or 'never'}{state}")

    emit(rows, as_json, human)


@token.command("revoke")
@click.argument("name")
@json_option
@handles_errors
def token_revoke(name: str, as_json: bool) -> None:
    """Revoke an API token: requests with it are answered 401 from now on."""
    from graphprofile.services import tokens
    from graphprofile.services.audit_log import current_actor

    with open_store() as store:
        data = tokens.revoke_token(store, name, actor=current_actor())
    emit(data, as_json, lambda d: click.echo(f"revoked {d['name']}"))
