"""Graph intelligence on accounts and deals: ``bus-factor``, ``what-if``, ``blockers``,
``coalitions``, ``committee`` and ``check``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from graphprofile.cli.base import (
    analytics_options,
    config_option,
    emit,
    handles_errors,
    ids_text,
    json_option,
    main,
    open_store,
    settings_from,
)


@main.command("bus-factor")
@click.argument("company")
@analytics_options
@handles_errors
def bus_factor_command(company: str, as_of: str | None, config_path: Path | None,
                       as_json: bool) -> None:
    """The fewest colleagues whose departure leaves no warm path to each key person
    (decision makers and economic buyers); 0 when none is reachable today."""
    from graphprofile import services
    from graphprofile.services import resilience

    with open_store() as store:
        data = resilience.bus_factor(store, company, as_of=services.parse_as_of(as_of),
                                     settings=settings_from(config_path))

    def human(d: dict[str, Any]) -> None:
        if d["size"] is None:
            click.echo(f"{d['company_id']}: no decision maker or economic buyer known")
            return
        click.echo(f"{d['company_id']}: bus factor {d['size']}")
        for t in d["targets"]:
            cut = ids_text(t["cut"]) if t["cut"] else "no warm path today"
            click.echo(f"  {t['person_id']}: {t['size']}  ({cut})")

    emit(data, as_json, human)


@main.command("what-if")
@click.argument("company")
@click.option("--person", "person", required=True, metavar="ID",
              help="The customer-side person who would leave.")
@analytics_options
@handles_errors
def what_if_command(company: str, person: str, as_of: str | None, config_path: Path | None,
                    as_json: bool) -> None:
    """What the account loses if one of its people leaves: engaged contacts, influence
    coverage and warm paths to the key persons."""
    from graphprofile import services
    from graphprofile.services import resilience

    when = services.parse_as_of(as_of)
    with open_store() as store:
        data = resilience.what_if(store, company, person, as_of=when,
                                  settings=settings_from(config_path))

    def human(d: dict[str, Any]) -> None:
        engaged, coverage = d["engaged_contacts"], d["influence_coverage"]
        click.echo(f"if {d['person_id']} leaves {d['company_id']}:")
        click.echo(f"  engaged contacts: {engaged['before']} -> {engaged['after']}"
                   f"  (loses {ids_text(engaged['lost'])})")
        click.echo(f"  influence coverage: {coverage['before']:.0%} -> {coverage['after']:.0%}")
        for p in d["warm_paths"]:
            before = f"{p['before']['score']:.4f}" if p["before"] else "none"
            after = f"{p['after']['score']:.4f}" if p["after"] else "none"
            mark = "  (lost)" if p["lost"] else ""
            click.echo(f"  best path to {p['person_id']}: {before} -> {after}{mark}")
        click.echo(f"  key persons left unreachable: {ids_text(d['unreachable'])}")

    emit(data, as_json, human)


@main.command("blockers")
@click.argument("opportunity")
@config_option
@json_option
@handles_errors
def blockers_command(opportunity: str, config_path: Path | None, as_json: bool) -> None:
    """Each opponent of a deal: their shortest reporting and influence paths to the
    deciders, and the supporters placed to counter them."""
    from graphprofile.services import politics

    with open_store() as store:
        data = politics.blockers(store, opportunity, settings=settings_from(config_path))

    def human(d: dict[str, Any]) -> None:
        click.echo(f"{d['opportunity_id']} ({d['company_id']}): deciders "
                   f"{ids_text(d['deciders'])}")
        if not d["blockers"]:
            click.echo("  no blocker or opponent on record")
        for b in d["blockers"]:
            click.echo(f"  {b['person_id']} ({', '.join(b['roles'])})")
            for p in b["paths"]:
                click.echo(f"    to {p['decider']} in {p['hops']}: {' -> '.join(p['nodes'])}")
            if not b["paths"]:
                click.echo("    reaches no decider")
            if b.get("conflicts"):
                click.echo(f"    in conflict with: {ids_text(b['conflicts'])}")
            counters = ", ".join(f"{c['person_id']} ({c['distance']})" for c in b["counters"])
            click.echo(f"    countered by: {counters or '-'}")

    emit(data, as_json, human)


@main.command("coalitions")
@click.argument("company")
@click.option("--opportunity", metavar="ID", help="Only among this deal's committee.")
@json_option
@handles_errors
def coalitions_command(company: str, opportunity: str | None, as_json: bool) -> None:
    """Informal factions of an account (or a deal's committee): communities of its
    influence lines, with their leader and stances."""
    from graphprofile.services import politics

    with open_store() as store:
        data = politics.coalitions(store, company, opportunity_id=opportunity)

    def human(d: dict[str, Any]) -> None:
        if not d["coalitions"]:
            click.echo(f"{d['company_id']}: no coalition (no influence lines)")
        for i, c in enumerate(d["coalitions"], 1):
            click.echo(f"{i}. led by {c['leader']}: {ids_text(c['members'])}"
                       f"  (supporters {ids_text(c['supporters'])}; "
                       f"opponents {ids_text(c['opponents'])})")

    emit(data, as_json, human)


@main.command("check")
@click.option("--company", metavar="ID", help="Only this account (default: every account).")
@json_option
@handles_errors
def check_command(company: str | None, as_json: bool) -> None:
    """Consistency checks: reporting cycles, people placed at two companies, conflicting
    roles or stances on one deal, relationships of colleagues who left; each with a fix."""
    from graphprofile.services import consistency

    with open_store() as store:
        data = consistency.check(store, company)

    def human(d: dict[str, Any]) -> None:
        if not d["total"]:
            click.echo("no problem found")
        for c in d["companies"]:
            click.echo(f"{c['company_id']}: {len(c['problems'])} problem(s)")
            for p in c["problems"]:
                click.echo(f"  {p['kind']}: {p['detail']}\n    fix: {p['fix']}")

    emit(data, as_json, human)


@main.command("committee")
@click.argument("opportunity")
@click.option("--template", "template_path",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              envvar="GRAPHPROFILE_COMMITTEE",
              help="TOML committee template: required roles, weights, large-deal roles "
                   "(env GRAPHPROFILE_COMMITTEE).")
@analytics_options
@handles_errors
def committee_command(opportunity: str, template_path: Path | None, as_of: str | None,
                      config_path: Path | None, as_json: bool) -> None:
    """Required roles of a deal: the share filled, influence-weighted coverage of the
    committee, and a red/amber/green status with its reason."""
    from graphprofile import services
    from graphprofile.services import politics

    when = services.parse_as_of(as_of)
    with open_store() as store:
        data = politics.committee(store, opportunity, as_of=when,
                                  template=politics.template_from(template_path),
                                  settings=settings_from(config_path))

    def human(d: dict[str, Any]) -> None:
        click.echo(f"{d['opportunity_id']} ({d['company_id']}): {d['status'].upper()}"
                   f" - {d['reason']}")
        click.echo(f"  required roles filled: {d['required_filled']:.0%}; "
                   f"influence covered: {d['coverage']:.0%}"
                   + ("; large deal" if d["large"] else ""))
        for r in d["roles"]:
            who = ", ".join(f"{h['person_id']} ({h['stance']}"
                            + (", engaged)" if h["engaged"] else ")") for h in r["holders"])
            need = "required" if r["required"] else "optional"
            click.echo(f"  {r['role']} [{need}, {r['weight']:g}]: {who or '-'}")
        if d["placeholders"]:
            click.echo("  seats to identify: " + "; ".join(p["label"] for p in d["placeholders"]))

    emit(data, as_json, human)
