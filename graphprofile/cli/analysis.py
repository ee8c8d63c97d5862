"""The analytics commands: ``influence``, ``gaps``, ``summaries``, ``rep-risk``, ``path``,
``whitespace`` and ``audit``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from graphprofile.cli.base import (
    Progress,
    analytics_options,
    emit,
    handles_errors,
    ids_text,
    json_option,
    main,
    open_store,
    settings_from,
)

# The portfolio commands' Dask scheduler (see graphprofile.portfolio, docs/scaling.md).
scheduler_option = click.option(
    "--scheduler", metavar="ADDRESS",
    help="Run the portfolio job on the workers of this Dask scheduler (tcp://HOST:8786; "
         "default: env GRAPHPROFILE_SCHEDULER, else local worker processes).")


@main.command("influence")
@click.argument("company")
@analytics_options
@handles_errors
def influence_command(company: str, as_of: str | None, config_path: Path | None,
                      as_json: bool) -> None:
    """Rank the people of an account by influence (score 0-1, top person 1.0)."""
    from graphprofile import services

    with open_store() as store:
        data = services.influence(store, company, settings=settings_from(config_path))

    def human(d: dict[str, Any]) -> None:
        click.echo(f"{'rank':>4}  {'score':>6}  person")
        for row in d["people"]:
            click.echo(f"{row['rank']:>4}  {row['score']:>6.4f}  {row['person_id']}")
        for loop in d["reporting_loops"]:
            click.echo(f"warning: reporting loop in the data: {' -> '.join(loop)}", err=True)

    emit(data, as_json, human)


@main.command("gaps")
@click.option("--company", help="Only this account (default: every account).")
@scheduler_option
@analytics_options
@handles_errors
def gaps_command(company: str | None, scheduler: str | None, as_of: str | None,
                 config_path: Path | None, as_json: bool) -> None:
    """Coverage gaps: accounts with no one mapped (listed first), single-threaded and
    single-rep accounts, uncovered departments, unknown decision makers, stale profiles."""
    from graphprofile import portfolio, services

    when = services.parse_as_of(as_of)
    settings = settings_from(config_path)
    # Every account takes a while: a bar shows how far it got.
    with portfolio.on_scheduler(scheduler), open_store() as store, \
            Progress("analysing", show=not (as_json or company)) as bar:
        data = services.gaps(store, company, as_of=when, settings=settings,
                             started=bar.start, progress=bar.update)

    def human(d: dict[str, Any]) -> None:
        click.echo(f"coverage gaps as of {d['as_of']}")
        # The first gap a manager must see comes first: accounts we work, no one mapped.
        for c in sorted(d["companies"], key=lambda c: not c["no_one_mapped"]):
            flags = [name for name in ("no_one_mapped", "single_threaded", "single_rep")
                     if c[name]]
            if c["no_one_mapped"]:
                flags.remove("single_threaded")  # no one known says more
            click.echo(f"\n{c['company_id']}  engaged {len(c['engaged_contacts'])}, "
                       f"influence coverage {c['influence_coverage']:.0%}"
                       + (f"  [{', '.join(flags)}]" if flags else ""))
            click.echo(f"  colleagues:              {ids_text(c['colleagues'])}")
            click.echo(f"  uncovered departments:   {ids_text(c['uncovered_departments'])}")
            click.echo(f"  unknown decision makers: {ids_text(c['unknown_decision_makers'])}")
            click.echo(f"  stale people:            {len(c['stale_people'])}")

    emit(data, as_json, human)


@main.command("summaries")
@click.option("--all", "everything", is_flag=True,
              help="Recompute every account, not only those missing or out of date.")
@click.option("--as-of", "as_of", metavar="DATE",
              help="The date the pages will be read for (default: today).")
@scheduler_option
@json_option
@handles_errors
def summaries_command(everything: bool, as_of: str | None, scheduler: str | None,
                      as_json: bool) -> None:
    """Compute the stored account summaries that the portfolio, gaps and cross-sell
    pages read.

    A page computes what is missing itself: after a write, the accounts it touched;
    after an import of a whole bundle, or on a new as-of date, every account, while the
    request waits (a minute or more for 10,000 accounts). Run this after a large
    import, or daily before the first visit (from cron, with the date the pages will
    use), and no page waits. Only what is missing or out of date is computed, unless
    --all (after the graph was changed outside graphprofile, in Neo4j Browser say). The
    pages' analytics settings apply: the defaults.
    """
    from graphprofile import portfolio, services

    when = services.parse_as_of(as_of)
    with portfolio.on_scheduler(scheduler), open_store() as store, \
            Progress("summarising", show=not as_json) as progress:
        data = services.compute_summaries(store, as_of=when, everything=everything,
                                          started=progress.start, progress=progress.update)
    emit(data, as_json, lambda d: click.echo(
              f"computed the summaries of {d['computed']} of {d['accounts']} accounts "
              f"as of {d['as_of']}" if d["computed"] else
              f"the summaries of all {d['accounts']} accounts are up to date as of "
              f"{d['as_of']}"))


@main.command("rep-risk")
@click.argument("colleague")
@analytics_options
@handles_errors
def rep_risk_command(colleague: str, as_of: str | None, config_path: Path | None,
                     as_json: bool) -> None:
    """What if this colleague leaves: accounts that go dark or are weakened."""
    from graphprofile import services

    when = services.parse_as_of(as_of)
    with open_store() as store:
        data = services.rep_risk(store, colleague, as_of=when, settings=settings_from(config_path))

    def human(d: dict[str, Any]) -> None:
        click.echo(f"if {d['colleague_id']} leaves (as of {d['as_of']}):")
        click.echo(f"  accounts going dark: {ids_text(d['dark'])}")
        click.echo(f"  accounts weakened:   {ids_text(d['weakened'])}")
        for a in d["accounts"]:
            lines = [f"loses {ids_text(a['lost_contacts'])}",
                     "decision makers left without a link: "
                     f"{ids_text(a['orphaned_decision_makers'])}"]
            if a["owned_open_opportunities"]:
                lines.append(f"open opportunities left without their owner: "
                             f"{ids_text(a['owned_open_opportunities'])}")
            if a["account_team_roles"]:
                lines.append("leaves its account team ("
                             + ", ".join(a["account_team_roles"]) + ")"
                             + (", which is then empty" if a["last_of_account_team"] else ""))
            click.echo(f"  {a['company_id']}: " + "; ".join(lines))

    emit(data, as_json, human)


@main.command("path")
@click.argument("person")
@click.option("--from", "from_colleague", metavar="COLLEAGUE",
              help="Only paths starting at this colleague.")
@click.option("-k", "k", type=click.IntRange(1, 50), default=None,
              help="How many paths (default from settings: 3).")
@analytics_options
@handles_errors
def path_command(person: str, from_colleague: str | None, k: int | None, as_of: str | None,
                 config_path: Path | None, as_json: bool) -> None:
    """Warm introduction paths from our colleagues to a person, best first."""
    from graphprofile import services

    with open_store() as store:
        data = services.warm_paths(store, person, from_colleague=from_colleague, k=k,
                                   as_of=services.parse_as_of(as_of),
                                   settings=settings_from(config_path))

    def human(d: dict[str, Any]) -> None:
        if not d["paths"]:
            click.echo(f"no warm path to {d['target']}")
        for path in d["paths"]:
            click.echo(f"{path['score']:.4f}  {' -> '.join(path['nodes'])}")

    emit(data, as_json, human)


@main.command("whitespace")
@click.argument("company", required=False)
@click.option("--page", type=click.IntRange(min=1), help="Page of openings (from 1).")
@click.option("--per-page", "per_page", type=click.IntRange(1, 200),
              help="Openings a page (1-200, default 25).")
@click.option("--sort", help="Order: propensity (default), account, department, product, "
                             "class or status.")
@click.option("--desc/--asc", "desc", default=None,
              help="Direction (default: propensity descending, the others ascending).")
@click.option("--class", "strategic_class", help="Only accounts of this strategic class.")
@click.option("--product", help="Only this product id.")
@click.option("--status", help="Only whitespace, competitor or opportunity.")
@click.option("--function", help="Only departments of this function.")
@click.option("--min-propensity", "min_score", help="Only openings scoring at least this (0-1).")
@click.option("--search", help="Only accounts whose name or id contains this.")
@scheduler_option
@analytics_options
@handles_errors
def whitespace_command(company: str | None, page: int | None, per_page: int | None,
                       sort: str | None, desc: bool | None, strategic_class: str | None,
                       product: str | None, status: str | None, function: str | None,
                       min_score: str | None, search: str | None, scheduler: str | None,
                       as_of: str | None, config_path: Path | None, as_json: bool) -> None:
    """Cross-sell grid: every department x product with status, propensity and reason.

    With COMPANY and no paging, order or filter option: that account's every cell (as
    always). With any of them, or without COMPANY (the whole portfolio's stored
    openings): one page of openings, filtered and sorted, with the total.
    """
    from graphprofile import portfolio, services
    from graphprofile.services import cross_sell

    when = services.parse_as_of(as_of)
    args = {"page": page, "per_page": per_page, "sort": sort,
            "dir": None if desc is None else ("desc" if desc else "asc"),
            "class": strategic_class, "product": product, "status": status,
            "function": function, "min": min_score, "q": search}
    paged = company is None or any(v is not None for v in args.values())
    settings = settings_from(config_path)
    # The portfolio's openings refresh the stored cross-sell cells first: a portfolio job.
    with portfolio.on_scheduler(scheduler), open_store() as store:
        if not paged:
            data = services.whitespace(store, company, as_of=when, settings=settings)
        else:
            query = cross_sell.parse_query({k: None if v is None else str(v)
                                            for k, v in args.items()},
                                           product_ids=cross_sell.product_ids(store))
            if company is None:
                found = cross_sell.opening_page(store, query, as_of=when, settings=settings)
                data = {}
            else:
                found = cross_sell.account_openings(store, company, query, as_of=when,
                                                    settings=settings)
                data = services.whitespace(store, company, as_of=when, settings=settings)
            data.update(total=found["total"], page=found["page"],
                        per_page=found["per_page"], pages=found["pages"], sort=query.sort,
                        desc=query.descending, items=found["items"],
                        matrix=cross_sell.matrix_json(found["matrix"]))

    def human(d: dict[str, Any]) -> None:
        if "items" not in d:
            for cell in d["cells"]:
                score = "" if cell["score"] is None else f"{cell['score']:.2f}"
                click.echo(f"{cell['department_id']:<24} {cell['product_id']:<14} "
                           f"{cell['status']:<12} {score:>5}  {cell['reason']}"
                           + _ask(cell))
            return
        for cell in d["items"]:
            click.echo(f"{cell['company_id']:<14} {cell['department_id']:<24} "
                       f"{cell['product_id']:<14} {cell['status']:<12} "
                       f"{cell['score']:>5.2f}  {cell['reason']}" + _ask(cell))
        click.echo(f"page {d['page']} of {d['pages']} · {d['total']} openings")

    emit(data, as_json, human)


@main.command("audit")
@click.argument("company")
@analytics_options
@handles_errors
def audit_command(company: str, as_of: str | None, config_path: Path | None,
                  as_json: bool) -> None:
    """The eight-question completeness audit of an account profile."""
    from graphprofile import services

    when = services.parse_as_of(as_of)
    with open_store() as store:
        data = services.audit(store, company, as_of=when, settings=settings_from(config_path))

    def human(d: dict[str, Any]) -> None:
        click.echo(f"{d['company_id']}: {d['score']}/8 "
                   f"(strategic class {d['strategic_class']}: {d['strategic_class_reason']})")
        for key, ok in d["answers"].items():
            click.echo(f"  [{'x' if ok else ' '}] {key}")
        for sentence in d["missing"]:
            click.echo(f"  missing: {sentence}")

    emit(data, as_json, human)


def _ask(cell: dict[str, Any]) -> str:
    """Whom a cross-sell cell says to ask for, and through whom."""
    if cell.get("status") == "ours" or not cell.get("decision_maker_id"):
        return ""
    path = cell.get("warm_path") or []
    via = " via " + " -> ".join(path[:-1]) if path else ", no warm path yet"
    return f"; ask for {cell['decision_maker_id']}{via}"
