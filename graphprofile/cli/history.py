"""What changed and what it means: ``changes``, ``moves`` and ``signals``."""

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


@main.command("moves")
@click.option("--company", help="Only the moves to this company.")
@json_option
@handles_errors
def moves_command(company: str | None, as_json: bool) -> None:
    """Champion moves: people who left one of our accounts for another company.

    Found in the import history (a person who changed company between imports, with
    the title and buying roles they had) and in previous employers on record. Each is
    a warm lead at the new company, with our colleagues' relationships that came with
    them, strongest first.
    """
    from graphprofile.services import history

    with open_store() as store:
        data = history.moves(store, company)

    def human(d: dict[str, Any]) -> None:
        if not d["moves"]:
            click.echo("no moves from our accounts on record")
        for m in d["moves"]:
            role = f" ({m['role_before']})" if m["role_before"] else ""
            known = ", ".join(f"{r['colleague_id']} {r['strength']}/5"
                              for r in m["relationships"]) or "no relationship"
            when = m["moved_on"] or "previous employer"
            click.echo(f"{m['person_id']}{role}: {m['from_company_id']} -> "
                       f"{m['to_company_id']}  [{when}]  {known}")

    emit(data, as_json, human)


@main.command("signals")
@click.option("--company", help="Only this company's signals.")
@click.option("--revenue-growth", type=click.FloatRange(0), default=0.10, show_default=True,
              help="Revenue growth between two imports that raises a signal (0.10 = 10 %).")
@click.option("--headcount-growth", type=click.FloatRange(0), default=0.10, show_default=True,
              help="Headcount growth (the company's or a department's) that raises one.")
@json_option
@handles_errors
def signals_command(company: str | None, revenue_growth: float, headcount_growth: float,
                    as_json: bool) -> None:
    """Upsell signals: accounts whose revenue or headcount grew past a threshold, or
    whose departments were added, split or merged between imports, each with the
    products whose licences or reach scale with the change."""
    from graphprofile.services import history

    with open_store() as store:
        data = history.signals(store, company, revenue_growth=revenue_growth,
                               headcount_growth=headcount_growth)

    def human(d: dict[str, Any]) -> None:
        if not d["signals"]:
            click.echo("no upsell signals in the import history")
        for s in d["signals"]:
            growth = "" if s["growth"] is None else f" +{s['growth']:.0%}"
            click.echo(f"{s['date']}  {s['company_id']}  {s['signal']}{growth} "
                       f"({s['record_id']})")
            for p in s["products"]:
                more = (f"  {p['licences']} -> {p['licences_after']} licences"
                        if p.get("licences_after") is not None else "")
                click.echo(f"    {p['product_id']} in {p['department_id']}: {p['why']}{more}")

    emit(data, as_json, human)
