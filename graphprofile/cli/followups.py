"""The ``follow-ups`` command: procurement progress and who is overdue for a touch."""

from __future__ import annotations

from typing import Any

import click

from graphprofile.cli.base import emit, handles_errors, json_option, main, open_store


def _days(value: int | None) -> str:
    return "never" if value is None else f"{value} d"


@main.command("follow-ups")
@click.option("--company", help="Only this account's opportunities (velocity over it too).")
@click.option("--opportunity", help="Only this opportunity (velocity over the portfolio, "
                                    "or over --company).")
@click.option("--as-of", "as_of", metavar="DATE",
              help="Evaluate as of this ISO date (default: today); later interactions and "
                   "stage changes are ignored.")
@click.option("--cadence", "cadence", type=int, default=30,
              show_default=True, metavar="DAYS",
              help="Alert on decision makers and economic buyers of open deals not "
                   "touched for more than this many days (1 to 3650).")
@json_option
@handles_errors
def follow_ups_command(company: str | None, opportunity: str | None, as_of: str | None,
                       cadence: int, as_json: bool) -> None:
    """Follow-up and procurement progress of every opportunity (or of --company or
    --opportunity).

    For each opportunity: its stage history (from the import history: `graphprofile
    import --date` dates each import's stage changes), every follow-up about it, and
    the days since the last touch of each key person (its role holders and the
    account-wide ones; an interaction or a relationship's last contact counts). Then
    alerts for the decision makers and economic buyers of open deals not touched
    within --cadence days (never touched first), and stage velocity: the median days
    per stage over deals that finished it.
    """
    from graphprofile.services import followups, parse_as_of

    when = parse_as_of(as_of)
    with open_store() as store:
        data = followups.follow_ups(store, company_id=company, opportunity_id=opportunity,
                                    as_of=when, cadence_days=cadence)

    def human(d: dict[str, Any]) -> None:
        click.echo(f"follow-ups as of {d['as_of']} (cadence {d['cadence_days']} days)")
        click.echo(f"\noverdue deciders: {len(d['alerts'])}")
        for a in d["alerts"]:
            where = a["opportunity_id"] or f"{a['company_id']} (account-wide)"
            click.echo(f"  {_days(a['days_since']):>8}  {a['name']} ({a['role']}), {where}")
        click.echo("\nstage velocity (median days):")
        for v in d["velocity"]:
            median = "-" if v["median_days"] is None else f"{v['median_days']:g}"
            click.echo(f"  {v['stage']:<12} {median:>6}  over {v['opportunities']}")
        for o in d["opportunities"]:
            click.echo(f"\n{o['opportunity_id']}  {o['name']} ({o['company_id']}): {o['stage']}")
            click.echo("  stages: " + " -> ".join(
                f"{s['stage']} {s['since'] or '?'}" for s in o["stage_history"]))
            click.echo(f"  follow-ups: {len(o['follow_ups'])}"
                       + (f", last {o['follow_ups'][-1]['date']}" if o["follow_ups"] else ""))
            for p in o["key_people"]:
                click.echo(f"    {_days(p['days_since']):>8}  {p['name']} "
                           f"({', '.join(p['roles'])})")

    emit(data, as_json, human)
