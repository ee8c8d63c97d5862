"""The ``relationships`` command: our relationships with an account's people, current
level against target, largest gap first."""

from __future__ import annotations

from typing import Any

import click

from graphprofile.cli.base import emit, handles_errors, json_option, main, open_store


@main.command("relationships")
@click.argument("company", required=False)
@click.option("--person", "person_id", metavar="PERSON",
              help="Only this person's relationships (the account is theirs).")
@json_option
@handles_errors
def relationships_command(company: str | None, person_id: str | None,
                          as_json: bool) -> None:
    """Each colleague's relationship level with a person, current -> target, with the
    gap; the largest gaps first."""
    from graphprofile.services.levels import levels

    with open_store() as store:
        data = levels(store, company, person_id=person_id)

    def human(d: dict[str, Any]) -> None:
        if not d["relationships"]:
            click.echo("no relationships")
        for r in d["relationships"]:
            target = "-" if r["target_strength"] is None else str(r["target_strength"])
            gap = "" if r["gap"] is None else f"  gap {r['gap']}"
            click.echo(f"{r['person_id']:<20} {r['colleague_id']:<12} "
                       f"{r['strength']} -> {target}{gap}")

    emit(data, as_json, human)
