"""What changed and what it means: ``changes``, ``moves``, ``signals``, ``follow-ups``."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import click

from graphprofile.cli.base import emit, handles_errors, json_option, main, open_store

date_type = click.DateTime(formats=["%Y-%m-%d"])


def _brief(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, dict) and len(value) == 1:
        (only,) = value.values()
        return json.dumps(only, ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@main.command("changes")
@click.argument("company")
@click.option("--since", type=date_type, help="Only changes on or after this day (YYYY-MM-DD).")
@json_option
@handles_errors
def changes_command(company: str, since: datetime | None, as_json: bool) -> None:
    """The import history of COMPANY: what each import or edit changed, oldest first.

    People who joined, left or moved to another account; new managers, titles and
    buying roles; departments added, removed, renamed, merged or split; revenue and
    headcount before and after; opportunities added and their stage changes.
    """
    from graphprofile.services import history

    with open_store() as store:
        data = history.company_changes(store, company, since.date() if since else None)

    def human(d: dict[str, Any]) -> None:
        if not d["changes"]:
            click.echo(f"no recorded changes at {d['company_id']}")
        for c in d["changes"]:
            click.echo(f"{c['date']}  {c['kind']:<20} {c['record_id']:<14} "
                       f"{_brief(c['before'])} -> {_brief(c['after'])}")

    emit(data, as_json, human)
