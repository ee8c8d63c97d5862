"""The profiling commands: ``icp``, ``fit`` and ``persona``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from graphprofile.cli.base import emit, handles_errors, json_option, main, open_store


def _ids(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [part.strip() for part in value.split(",") if part.strip()]


@main.command("icp")
@click.option("--best", metavar="ID,...",
              help="Compare these companies (comma-separated ids) with the rest instead of "
                   "the best-scored customers.")
@click.option("--save", is_flag=True,
              help="Save the profile (its best customers and card) for fit and persona.")
@click.option("--card-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="With --save: the edited card's text, from this file.")
@json_option
@handles_errors
def icp_command(best: str | None, save: bool, card_file: Path | None, as_json: bool) -> None:
    """The ideal customer profile: the best customers compared with the rest.

    The best are the ten highest-scored customers (half the customers when there are
    fewer than twenty), scored on won value, deals won, sales cycle, support load and,
    where recorded, referrals, LTV/CAC, NPS and profit margin; or the saved profile's,
    or --best. Lists the metrics, the traits the best share and the profile's card.
    """
    from graphprofile.services import profiling
    from graphprofile.services.audit_log import current_actor

    if card_file is not None and not save:
        raise click.UsageError("--card-file needs --save")
    chosen = _ids(best)
    with open_store() as store:
        if save:
            if chosen is None:
                chosen = profiling.ideal_profile(store)["best"]
            card = card_file.read_text(encoding="utf-8") if card_file else None
            data = profiling.save_ideal_profile(store, chosen, card, actor=current_actor())
        else:
            data = profiling.ideal_profile(store, chosen)

    def human(d: dict[str, Any]) -> None:
        click.echo(f"best customers ({d['source']}):")
        for b in d["best_customers"]:
            score = "" if b["score"] is None else f"{b['score']:.2f}"
            click.echo(f"  {score:>5}  {b['company_id']}  {b['name']}")
        click.echo(f"\n{'metric':<18} {'best':>14} {'rest':>14}")
        for m in d["metrics"]:
            if m["best"] is not None or m["rest"] is not None:
                click.echo(f"{m['name']:<18} {m['best']!s:>14} {m['rest']!s:>14}")
        click.echo(f"\n{d['card']}")

    emit(data, as_json, human)


@main.command("fit")
@click.option("--company", help="Only this company (default: every company).")
@json_option
@handles_errors
def fit_command(company: str | None, as_json: bool) -> None:
    """Every account and prospect scored 0-1 against the ideal customer profile's
    traits, with the reasons; best fit first."""
    from graphprofile.services import profiling

    with open_store() as store:
        data = profiling.fit(store, company)

    def human(d: dict[str, Any]) -> None:
        for row in d["companies"]:
            kind = "customer" if row["customer"] else "prospect"
            click.echo(f"{row['score']:.2f}  {row['company_id']}  {row['name']} ({kind})")
            for reason in row["reasons"]:
                click.echo(f"      {reason}")

    emit(data, as_json, human)


@main.command("persona")
@json_option
@handles_errors
def persona_command(as_json: bool) -> None:
    """The decision-maker personas of the ideal customer profile's best customers: the
    decision makers' and the economic buyers' titles, KPIs, goals, obstacles, whom they
    decide with and their channels, with a story told from the counts."""
    from graphprofile.services import profiling

    with open_store() as store:
        data = profiling.persona(store)

    def human(d: dict[str, Any]) -> None:
        if not d["personas"]:
            click.echo("no decision maker or economic buyer recorded at the best customers")
        for p in d["personas"]:
            click.echo(f"{p['name']}: {p['title']} ({p['seniority']}, {p['department']})")
            click.echo(f"  {p['story']}\n")

    emit(data, as_json, human)
