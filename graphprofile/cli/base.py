"""What every command shares: the root group, output (text or --json), errors turned
into exit codes, the store, and the common options."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from graphprofile import __version__
from graphprofile.config import Settings
from graphprofile.errors import GraphProfileError, InvalidInput

__all__ = [
    "Progress", "analytics_options", "emit", "handles_errors", "ids_text", "json_option", "main",
    "open_store", "print_table", "settings_from",
]


def emit(data: Any, as_json: bool, human: Callable[[Any], None]) -> None:
    """Print ``data`` as JSON for scripts, else through ``human``."""
    if as_json:
        click.echo(json.dumps(data, indent=2, sort_keys=False, default=str))
    else:
        human(data)


def _fail(exc: GraphProfileError, as_json: bool) -> None:
    problems = getattr(exc, "problems", [])
    if as_json:
        payload: dict[str, Any] = {"error": exc.message}
        if problems:
            payload["problems"] = [
                {"file": p.file, "row": p.row, "column": p.column, "reason": p.reason}
                for p in problems
            ]
        click.echo(json.dumps(payload, indent=2))
    else:
        click.echo(f"error: {exc.message}", err=True)
        for problem in problems:
            click.echo(f"  {problem}", err=True)
    sys.exit(exc.exit_code)


def handles_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into a message and the error's exit code (1 input, 2 store)."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except GraphProfileError as exc:
            _fail(exc, bool(kwargs.get("as_json")))

    return wrapper


def open_store():
    """The store of ``NEO4J_URI``, or the managed local Neo4j (started when needed)."""
    from graphprofile.store import open_store as open_configured

    return open_configured(Settings.from_env())


def print_table(rows: list[tuple[str, Any]], header: tuple[str, str]) -> None:
    width = max([len(header[0])] + [len(str(k)) for k, _ in rows])
    click.echo(f"{header[0]:<{width}}  {header[1]:>10}")
    for key, value in rows:
        click.echo(f"{key!s:<{width}}  {value!s:>10}")


class Progress:
    """A progress bar on stderr, drawn once the total is known and only on a terminal
    (never with ``--json``: pass ``show=False``)."""

    def __init__(self, label: str, *, show: bool = True):
        self.label = label
        self.show = show and sys.stderr.isatty()
        self._stack = contextlib.ExitStack()
        self._bar: Any = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def start(self, total: int) -> None:
        self._bar = self._stack.enter_context(click.progressbar(
            length=total, label=self.label, file=sys.stderr, show_pos=True,
            hidden=not self.show))

    def update(self, done: int) -> None:
        if self._bar is not None:
            self._bar.update(done)


def ids_text(values: list[str]) -> str:
    return ", ".join(values) if values else "-"


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


def _remember_half_life(ctx: click.Context, _param: click.Parameter,
                        value: float | None) -> None:
    # Kept on the context, so settings_from applies it without a parameter per command.
    if value is not None:
        ctx.meta["graphprofile.half_life"] = value


# ``--config``: the analytics settings file, for commands that take no date too.
config_option = click.option(
    "--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    envvar="GRAPHPROFILE_CONFIG",
    help="TOML file overriding analytics thresholds (env GRAPHPROFILE_CONFIG).")


def analytics_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--as-of``, ``--config``, ``--half-life`` and ``--json``, shared by every
    analytics command."""
    command = click.option(
        "--half-life", type=click.FloatRange(min=0), metavar="DAYS",
        envvar="GRAPHPROFILE_HALF_LIFE_DAYS", expose_value=False,
        callback=_remember_half_life,
        help="Days after which a relationship not contacted counts half its strength "
             "(default 180, or the config's relationship_half_life_days; 0: no decay; "
             "env GRAPHPROFILE_HALF_LIFE_DAYS).",
    )(command)
    command = config_option(command)
    command = click.option(
        "--as-of", "as_of", metavar="DATE",
        help="Evaluate as of this ISO date (default: today), for reproducible results.",
    )(command)
    return json_option(command)


def settings_from(config_path: Path | None):
    """The analytics settings of ``--config`` (the defaults without one), with the
    ``--half-life`` of the command line over the file's."""
    import dataclasses

    from graphprofile.analytics import DEFAULTS, AnalyticsSettings

    settings = DEFAULTS
    if config_path is not None:
        try:
            settings = AnalyticsSettings.from_toml(config_path)
        except (ValueError, OSError) as exc:
            raise InvalidInput(f"bad config {config_path}: {exc}") from exc
    ctx = click.get_current_context(silent=True)
    half_life = ctx.meta.get("graphprofile.half_life") if ctx is not None else None
    if half_life is not None:
        settings = dataclasses.replace(settings, relationship_half_life_days=half_life)
    return settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="graphprofile")
def main() -> None:
    """graphprofile: the B2B account graph.

    Companies, departments, people, our team and the buying roles live in Neo4j.
    Without NEO4J_URI the tool starts and manages a local Neo4j under
    $GRAPHPROFILE_HOME (default ./.graphprofile); with NEO4J_URI, NEO4J_USER,
    NEO4J_PASSWORD and NEO4J_DATABASE it uses that server. Exit codes: 0 ok,
    1 bad input or unknown id, 2 store unavailable.
    """
    from graphprofile.runtime import tune_gc

    tune_gc()



