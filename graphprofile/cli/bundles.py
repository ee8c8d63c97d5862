"""Bundles in and out: ``import``, ``validate``, ``export``, ``stats``, ``generate``."""

from __future__ import annotations

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


def import_path(path: Path, *, batch_size: int = 5000, bar: bool = True) -> dict[str, Any]:
    """Import a bundle as the shell's user, with a progress bar on a terminal when
    ``bar``; the ``--json`` answer of ``import``."""
    from graphprofile import services
    from graphprofile.services.audit_log import current_actor

    with open_store() as store, Progress("importing", show=bar) as progress:
        result = services.import_bundle(store, path, actor=current_actor(),
                                        batch_size=batch_size, started=progress.start,
                                        progress=lambda _file, n: progress.update(n))
    return {"imported": result.written, "total": result.total}


@main.command("import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--batch-size", default=5000, show_default=True, type=click.IntRange(1, 100_000),
              help="Rows per write transaction.")
@json_option
@handles_errors
def import_command(path: Path, batch_size: int, as_json: bool) -> None:
    """Validate and import a bundle (a folder of CSV files, or one JSON file).

    The whole bundle is checked first (types, enums, ranges, references within the
    bundle and to what is stored); on any problem nothing is written and every
    problem is listed as file, row, column and reason (exit 1). Importing the same
    bundle again changes nothing; changed values are updated.
    """
    data = import_path(path, batch_size=batch_size, bar=not as_json)
    emit(data, as_json, lambda d: (
        print_table(sorted(d["imported"].items()), ("file", "rows")),
        click.echo(f"imported {d['total']} rows from {path}"),
    ))


@main.command("validate")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@json_option
@handles_errors
def validate_command(path: Path, as_json: bool) -> None:
    """Check a bundle against itself and the store without writing anything."""
    from graphprofile import services

    with open_store() as store:
        report = services.validate_bundle(store, path)
    emit({"valid": True, "rows": report.counts}, as_json,
         lambda d: click.echo(f"valid: {sum(d['rows'].values())} rows"))


@main.command("export")
@click.argument("path", type=click.Path(file_okay=False, path_type=Path))
@json_option
@handles_errors
def export_command(path: Path, as_json: bool) -> None:
    """Write every stored record as a bundle folder that `import` reads back."""
    from graphprofile import services

    with open_store() as store:
        counts = services.export_bundle(store, path)
    emit({"exported": counts, "path": str(path)}, as_json, lambda d: (
        print_table(sorted(d["exported"].items()), ("file", "rows")),
        click.echo(f"exported to {path}"),
    ))


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
