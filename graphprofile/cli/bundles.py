"""Bundles in and out: ``import``, ``validate``, ``export``, ``stats``, ``generate``."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from graphprofile.cli.base import (
    Progress,
    emit,
    handles_errors,
    json_option,
    main,
    open_store,
    print_table,
)
from graphprofile.resources import CONNECTORS


def import_path(path: Path, *, batch_size: int = 5000, bar: bool = True,
                source: str | None = None, mapping: Path | None = None,
                on: date | None = None, prune: bool = False) -> dict[str, Any]:
    """Import a bundle, or an export through a connector (``source``) or a ``mapping``
    file, as the shell's user, with a progress bar on a terminal when ``bar``; the
    ``--json`` answer of ``import``. ``prune``: delete stored records of the bundle's
    files that it lacks."""
    from graphprofile import services
    from graphprofile.services import connectors
    from graphprofile.services.audit_log import current_actor

    # A wrong mapping file is refused before the store is started.
    chosen = None if source is None and mapping is None else connectors.mapping_of(
        source, mapping)
    with open_store() as store, Progress("importing", show=bar) as progress:
        options = dict(actor=current_actor(), batch_size=batch_size, started=progress.start,
                       progress=lambda _file, n: progress.update(n), on=on)
        if chosen is None:
            result = services.import_bundle(store, path, prune=prune, **options)
            return {"imported": result.written, "total": result.total,
                    "resync": result.resync, "skipped_files": list(result.skipped_files)}
        done = connectors.import_export(store, path, chosen, **options)
    assert done.result is not None
    return {"imported": done.result.written, "total": done.result.total,
            "read": done.read, "skipped": done.skipped}


def initial_path(path: Path, *, bar: bool = True) -> dict[str, Any]:
    """``import --initial``: the first load of the empty managed store, offline."""
    from graphprofile.config import Settings
    from graphprofile.services.audit_log import current_actor
    from graphprofile.services.initial_import import import_initial

    with Progress("importing", show=bar) as progress:
        result = import_initial(Settings.from_env(), path, actor=current_actor(),
                                started=progress.start,
                                progress=lambda _step, n: progress.update(n))
    return {"imported": result.written, "total": result.total, "initial": True}


# The connectors shipped in graphprofile/connectors/, one mapping file each.
SOURCES = click.Choice(list(CONNECTORS))
from_option = click.option(
    "--from", "source", type=SOURCES,
    help="Read PATH as this system's export (a folder of its CSV files or a .zip of them: "
         "Salesforce's Data Export, HubSpot's companies, contacts and deals exports) "
         "through its shipped mapping.")
mapping_option = click.option(
    "--mapping", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read PATH as an export described by this mapping file (TOML; see the README, "
         "Connectors). Not with --from.")


def _one_source(source: str | None, mapping: Path | None) -> None:
    if source is not None and mapping is not None:
        raise click.UsageError("give --from or --mapping, not both")


@main.command("import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--batch-size", default=5000, show_default=True, type=click.IntRange(1, 100_000),
              help="Rows per write transaction.")
@from_option
@mapping_option
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The day the bundle or export was taken (YYYY-MM-DD; default today): "
                   "the date of what it changes in the import history. Import older "
                   "exports oldest first to fill in the history.")
@click.option("--prune", is_flag=True,
              help="PATH is a full export: delete stored records of the files it holds "
                   "that it lacks (with their relationships). Without it nothing is "
                   "deleted.")
@click.option("--initial", is_flag=True,
              help="First load of an empty managed store: the same checks, then Neo4j's "
                   "offline importer builds the database while the local server is "
                   "stopped. Refused when the store holds anything or NEO4J_URI is set.")
@json_option
@handles_errors
def import_command(path: Path, batch_size: int, source: str | None, mapping: Path | None,
                   on: datetime | None, prune: bool, initial: bool, as_json: bool) -> None:
    """Validate and import a bundle (a folder of CSV files, or one JSON file).

    The whole bundle is checked first (types, enums, ranges, references within the
    bundle and to what is stored); on any problem nothing is written and every
    problem is listed as file, row, column and reason (exit 1). Importing the same
    bundle again changes nothing: rows unchanged since the last import are recognised
    by a stored content hash and skipped, changed values are updated. With --from or
    --mapping, PATH is another system's export, translated first; problems then name
    the export's own files, rows and columns.
    """
    _one_source(source, mapping)
    if prune and (source is not None or mapping is not None):
        raise click.UsageError("--prune takes a bundle, not --from or --mapping")
    if initial:
        if source is not None or mapping is not None or prune:
            raise click.UsageError("--initial takes a bundle, without --from, --mapping "
                                   "or --prune")
        data = initial_path(path, bar=not as_json)
        emit(data, as_json, lambda d: (print_table(sorted(d["imported"].items()),
                                                   ("file", "rows")),
                                       click.echo(f"imported {d['total']} rows from {path} "
                                                  "(offline, first load)")))
        return
    data = import_path(path, batch_size=batch_size, bar=not as_json, source=source,
                       mapping=mapping, on=on.date() if on else None, prune=prune)
    emit(data, as_json, lambda d: (
        print_table(sorted(d["imported"].items()), ("file", "rows")) if not d.get("resync")
        else _resync_table(d["imported"], d["resync"]),
        click.echo(f"imported {d['total']} rows from {path}"),
        *([click.echo("unchanged since the last import, not read: "
                      + ", ".join(d["skipped_files"]))] if d.get("skipped_files") else []),
        *(click.echo(f"{what}: {n} row{'' if n == 1 else 's'} left out by the mapping")
          for what, n in sorted(d.get("skipped", {}).items())),
    ))


def _resync_table(written: dict[str, int], counts: dict[str, dict[str, int]]) -> None:
    """Per file: rows written, and of them and the rest unchanged, changed, new, pruned."""
    columns = ("rows", "unchanged", "changed", "new", "pruned")
    width = max([4] + [len(name) for name in counts])
    click.echo(f"{'file':<{width}}" + "".join(f"  {c:>10}" for c in columns))
    for name, c in counts.items():
        values = (written.get(name, 0), c["unchanged"], c["changed"], c["new"], c["pruned"])
        click.echo(f"{name:<{width}}" + "".join(f"  {v:>10}" for v in values))


@main.command("validate")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@from_option
@mapping_option
@json_option
@handles_errors
def validate_command(path: Path, source: str | None, mapping: Path | None,
                     as_json: bool) -> None:
    """Check a bundle against itself and the store without writing anything.

    With --from or --mapping, PATH is another system's export: it is translated and
    checked whole, and problems name its own files, rows and columns.
    """
    from graphprofile import services
    from graphprofile.services import connectors

    _one_source(source, mapping)
    chosen = None if source is None and mapping is None else connectors.mapping_of(
        source, mapping)
    with open_store() as store:
        if chosen is None:
            counts = services.validate_bundle(store, path).counts
        else:
            counts = connectors.validate_export(store, path, chosen).rows
    emit({"valid": True, "rows": counts}, as_json,
         lambda d: click.echo(f"valid: {sum(d['rows'].values())} rows"))


@main.command("export")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["bundle", "graphml", "xlsx"]),
              default="bundle", show_default=True,
              help="bundle: a folder of CSV files that `import` reads back; graphml: one "
                   "GraphML file (Gephi, yEd, NetworkX); xlsx: the managers' workbook "
                   "(sheets Gaps, Whitespace, Committees, Accounts).")
@click.option("--company", "company_id", metavar="ID",
              help="With --format graphml: only this account's part of the graph.")
@click.option("--as-of", "as_of", metavar="DATE",
              help="With --format xlsx: the figures as of this ISO date (default: today).")
@click.option("--include-personal", is_flag=True,
              help="Bundle or GraphML: include people's sensitive fields (personality, "
                   "hobbies, age band, situation and $GRAPHPROFILE_SENSITIVE_FIELDS), for a "
                   "full backup; left out otherwise. Audited either way.")
@json_option
@handles_errors
def export_command(path: Path, fmt: str, company_id: str | None, as_of: str | None,
                   include_personal: bool, as_json: bool) -> None:
    """Write every stored record as a bundle folder that `import` reads back, or the
    graph as a GraphML file, or the managers' Excel workbook (--format).

    People's sensitive fields are left out (their bundle columns empty) unless
    --include-personal is given: only such a bundle is a full backup.
    """
    from graphprofile import services
    from graphprofile.services import personal_data, reports
    from graphprofile.services.audit_log import current_actor

    if company_id is not None and fmt != "graphml":
        raise click.UsageError("--company goes with --format graphml")
    if include_personal and fmt == "xlsx":
        raise click.UsageError("--include-personal goes with a bundle or --format graphml "
                               "(the workbook holds no personal field)")
    if as_of is not None and fmt != "xlsx":
        raise click.UsageError("--as-of goes with --format xlsx")
    if fmt == "bundle" and path.is_file():
        raise click.UsageError(f"{path} is a file; a bundle is written to a folder")
    if fmt != "bundle" and path.is_dir():
        raise click.UsageError(f"{path} is a folder; --format {fmt} writes one file")
    when = services.parse_as_of(as_of) if fmt == "xlsx" else None
    with open_store() as store:
        if fmt == "bundle":
            counts = personal_data.export_bundle(store, path, actor=current_actor(),
                                                 include_personal=include_personal)
        elif fmt == "graphml":
            written = personal_data.export_graphml(store, path, company_id=company_id,
                                                   include_personal=include_personal,
                                                   actor=current_actor())
        else:
            assert when is not None
            written = reports.write_report(store, path, as_of=when)
    if fmt == "bundle":
        emit({"exported": counts, "path": str(path)}, as_json, lambda d: (
            print_table(sorted(d["exported"].items()), ("file", "rows")),
            click.echo(f"exported to {path}"),
        ))
    elif fmt == "graphml":
        emit({"format": fmt, **written}, as_json, lambda d: (
            show_stats(d), click.echo(f"exported the graph to {path}")))
    else:
        emit({"format": fmt, **written}, as_json, lambda d: (
            print_table(list(d["sheets"].items()), ("sheet", "rows")),
            click.echo(f"wrote the workbook as of {d['as_of']} to {path}")))


def show_stats(d: dict[str, dict[str, int]]) -> None:
    print_table(list(d["nodes"].items()), ("label", "nodes"))
    click.echo()
    print_table(list(d["relationships"].items()), ("relationship", "count"))


@main.command("stats")
@json_option
@handles_errors
def stats_command(as_json: bool) -> None:
    """Count nodes per label and relationships per type."""
    from graphprofile import services

    with open_store() as store:
        data = services.stats(store)
    emit(data, as_json, show_stats)


@main.command("generate")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--accounts", default=100, show_default=True, type=click.IntRange(1),
              help="Number of accounts.")
@click.option("--seed", default=1, show_default=True, type=int, help="Random seed.")
@click.option("--people-per-account", type=click.IntRange(1), default=None,
              help="Fixed account size (default: varied).")
@json_option
@handles_errors
def generate_command(out: Path, accounts: int, seed: int, people_per_account: int | None,
                     as_json: bool) -> None:
    """Write a seeded, realistic bundle of any size (same seed, same bytes)."""
    from graphprofile.fixtures.generate import generate

    counts = generate(out, accounts, seed, people_per_account=people_per_account)
    emit({"path": str(out), "rows": counts}, as_json, lambda d: (
        print_table(sorted(d["rows"].items()), ("file", "rows")),
        click.echo(f"wrote {out}"),
    ))
