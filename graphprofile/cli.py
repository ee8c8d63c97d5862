"""The ``graphprofile`` command: a thin Click layer over the library."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from graphprofile import __version__
from graphprofile.config import PROJECT_ROOT, Settings
from graphprofile.errors import GraphProfileError, InvalidInput

DEMO_BUNDLE = PROJECT_ROOT / "fixtures" / "demo"


def _emit(data: Any, as_json: bool, human: Callable[[Any], None]) -> None:
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


def _store():
    from graphprofile.store import open_store

    return open_store(Settings.from_env())


def _print_table(rows: list[tuple[str, Any]], header: tuple[str, str]) -> None:
    width = max([len(header[0])] + [len(str(k)) for k, _ in rows])
    click.echo(f"{header[0]:<{width}}  {header[1]:>10}")
    for key, value in rows:
        click.echo(f"{key!s:<{width}}  {value!s:>10}")


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


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


# --- db ---------------------------------------------------------------------------------


@main.group()
def db() -> None:
    """Manage the local Neo4j (only when NEO4J_URI is not set)."""


def _server():
    settings = Settings.from_env()
    if not settings.managed:
        raise InvalidInput(
            f"NEO4J_URI is set ({settings.neo4j_uri}): that server is not managed by graphprofile"
        )
    from graphprofile.store.server import LocalServer

    return LocalServer(settings)


def _status_dict(status: Any) -> dict[str, Any]:
    return {"running": status.running, "pid": status.pid, "port": status.port,
            "uri": status.uri, "home": str(status.home)}


def _show_status(data: dict[str, Any]) -> None:
    if data["running"]:
        click.echo(f"Neo4j is running at {data['uri']} (pid {data['pid']}, home {data['home']})")
    else:
        click.echo(f"Neo4j is not running (home {data['home']})")


@db.command("start")
@json_option
@handles_errors
def db_start(as_json: bool) -> None:
    """Start the local Neo4j, or reuse it when it is already running."""
    server = _server()
    status = server.start()
    from graphprofile.store import open_store

    open_store(Settings.from_env()).close()  # applies the schema
    _emit(_status_dict(status), as_json, _show_status)


@db.command("stop")
@json_option
@handles_errors
def db_stop(as_json: bool) -> None:
    """Stop the local Neo4j cleanly (SIGTERM, then wait)."""
    was_running = _server().stop()
    _emit({"stopped": was_running}, as_json,
          lambda d: click.echo("Neo4j stopped" if d["stopped"] else "Neo4j was not running"))


@db.command("status")
@json_option
@handles_errors
def db_status(as_json: bool) -> None:
    """Tell whether the local Neo4j is running, where, and with which pid."""
    _emit(_status_dict(_server().status()), as_json, _show_status)


@db.command("clear")
@click.option("--yes", is_flag=True, help="Confirm: delete every node and relationship.")
@json_option
@handles_errors
def db_clear(yes: bool, as_json: bool) -> None:
    """Delete all data from the database (the schema stays)."""
    if not yes:
        raise InvalidInput("refusing to delete everything without --yes")
    with _store() as store:
        deleted = store.clear()
    _emit({"deleted_nodes": deleted}, as_json,
          lambda d: click.echo(f"deleted {d['deleted_nodes']} nodes"))


# --- import / export / stats ----------------------------------------------------------


def _import(path: Path, batch_size: int, as_json: bool, quiet: bool = False) -> dict[str, Any]:
    from graphprofile.importer.load import check_bundle, progress_total, write_checked

    with _store() as store:
        bundle, report = check_bundle(store, path)
        report.raise_for_problems()
        show_bar = not (as_json or quiet) and sys.stderr.isatty()
        with click.progressbar(
            length=progress_total(report), label="importing", file=sys.stderr,
            show_pos=True, hidden=not show_bar,
        ) as bar:
            result = write_checked(
                store, bundle, report, batch_size=batch_size,
                progress=lambda _name, n: bar.update(n),
            )
        from graphprofile.privacy import current_actor, record_audit

        record_audit(store, actor=current_actor(), action="import", target_kind="bundle",
                     target_id=str(path), detail=json.dumps(result.written, sort_keys=True))
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
    data = _import(path, batch_size, as_json)
    _emit(data, as_json, lambda d: (
        _print_table(sorted(d["imported"].items()), ("file", "rows")),
        click.echo(f"imported {d['total']} rows from {path}"),
    ))


@main.command("validate")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@json_option
@handles_errors
def validate_command(path: Path, as_json: bool) -> None:
    """Check a bundle against itself and the store without writing anything."""
    from graphprofile.importer.load import check_bundle

    with _store() as store:
        _bundle, report = check_bundle(store, path, keep_rows=False)
    report.raise_for_problems()
    _emit({"valid": True, "rows": report.counts}, as_json,
          lambda d: click.echo(f"valid: {sum(d['rows'].values())} rows"))


@main.command("export")
@click.argument("path", type=click.Path(file_okay=False, path_type=Path))
@json_option
@handles_errors
def export_command(path: Path, as_json: bool) -> None:
    """Write every stored record as a bundle folder that `import` reads back."""
    from graphprofile.importer.load import export_bundle

    with _store() as store:
        counts = export_bundle(store, path)
    _emit({"exported": counts, "path": str(path)}, as_json, lambda d: (
        _print_table(sorted(d["exported"].items()), ("file", "rows")),
        click.echo(f"exported to {path}"),
    ))


@main.command("stats")
@json_option
@handles_errors
def stats_command(as_json: bool) -> None:
    """Count nodes per label and relationships per type."""
    from graphprofile.store.records import stats

    with _store() as store:
        data = stats(store)
    _emit(data, as_json, lambda d: (
        _print_table(list(d["nodes"].items()), ("label", "nodes")),
        click.echo(),
        _print_table(list(d["relationships"].items()), ("relationship", "count")),
    ))


# --- demo data ----------------------------------------------------------------------------


host_option = click.option("--host", default="127.0.0.1", show_default=True,
                           help="Interface to listen on (keep loopback unless you mean it).")
port_option = click.option("--port", default=5000, show_default=True,
                           type=click.IntRange(1, 65535), help="HTTP port.")


single_user_option = click.option(
    "--single-user", is_flag=True,
    help="No sign-in: whoever reaches the port is admin. Only for yourself on loopback.")


def _serve(host: str, port: int, single_user: bool = False) -> None:
    from werkzeug.serving import run_simple

    from web import create_app

    store = _store()  # fail now, with exit code 2, rather than on the first request
    app = create_app(store=store, config={"SINGLE_USER": single_user})
    if single_user:
        click.echo("single-user mode: no sign-in, you are admin", err=True)
    else:
        from graphprofile.users import list_users

        if not list_users(store):
            click.echo("no users yet: add one with `graphprofile user add NAME --role admin`, "
                       "or serve with --single-user", err=True)
    click.echo(f"graphprofile web explorer on http://{host}:{port}/  (Ctrl+C to stop)")
    from graphprofile.runtime import tune_gc

    tune_gc()  # again: the web app's own modules are loaded now
    try:
        run_simple(host, port, app, threaded=True, use_reloader=False, use_debugger=False)
    finally:
        store.close()


@main.command("demo")
@click.option("--bundle", type=click.Path(exists=True, path_type=Path), default=DEMO_BUNDLE,
              show_default=True, help="Bundle to load.")
@click.option("--serve", is_flag=True, help="Then serve the web explorer on the demo data.")
@host_option
@port_option
@single_user_option
@json_option
@handles_errors
def demo_command(bundle: Path, serve: bool, host: str, port: int, single_user: bool,
                 as_json: bool) -> None:
    """Start the store, load the demo portfolio, print what was loaded (and serve it)."""
    from graphprofile.store.records import stats

    _import(bundle, 5000, as_json, quiet=True)
    with _store() as store:
        data = stats(store)
    _emit(data, as_json, lambda d: (
        click.echo(f"Demo portfolio loaded from {bundle}:"),
        _print_table(list(d["nodes"].items()), ("label", "nodes")),
        click.echo(),
        _print_table(list(d["relationships"].items()), ("relationship", "count")),
    ))
    if serve:
        _serve(host, port, single_user)


@main.command("serve")
@host_option
@port_option
@single_user_option
@handles_errors
def serve_command(host: str, port: int, single_user: bool) -> None:
    """Serve the web explorer (starts or reuses the local Neo4j, or uses NEO4J_URI).

    Every page needs a user signed in (see `graphprofile user add`) unless
    --single-user is given.
    """
    _serve(host, port, single_user)


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
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "graphprofile_fixtures_generate", PROJECT_ROOT / "fixtures" / "generate.py"
    )
    if spec is None or spec.loader is None:
        raise InvalidInput("fixtures/generate.py is missing from this checkout")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    counts = module.generate(out, accounts, seed, people_per_account=people_per_account)
    _emit({"path": str(out), "rows": counts}, as_json, lambda d: (
        _print_table(sorted(d["rows"].items()), ("file", "rows")),
        click.echo(f"wrote {out}"),
    ))


# --- analytics ----------------------------------------------------------------------------


def analytics_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--as-of``, ``--config`` and ``--json``, shared by every analytics command."""
    command = click.option(
        "--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
        envvar="GRAPHPROFILE_CONFIG",
        help="TOML file overriding analytics thresholds (env GRAPHPROFILE_CONFIG).",
    )(command)
    command = click.option(
        "--as-of", "as_of", metavar="DATE",
        help="Evaluate as of this ISO date (default: today), for reproducible results.",
    )(command)
    return json_option(command)


def _settings(config_path: Path | None):
    from graphprofile.analytics import DEFAULTS, AnalyticsSettings

    if config_path is None:
        return DEFAULTS
    try:
        return AnalyticsSettings.from_toml(config_path)
    except (ValueError, OSError) as exc:
        raise InvalidInput(f"bad config {config_path}: {exc}") from exc


def _ids(values: list[str]) -> str:
    return ", ".join(values) if values else "-"


@main.command("influence")
@click.argument("company")
@analytics_options
@handles_errors
def influence_command(company: str, as_of: str | None, config_path: Path | None,
                      as_json: bool) -> None:
    """Rank the people of an account by influence (score 0-1, top person 1.0)."""
    from graphprofile import services

    with _store() as store:
        data = services.influence(store, company, settings=_settings(config_path))

    def human(d: dict[str, Any]) -> None:
        click.echo(f"{'rank':>4}  {'score':>6}  person")
        for row in d["people"]:
            click.echo(f"{row['rank']:>4}  {row['score']:>6.4f}  {row['person_id']}")
        for loop in d["reporting_loops"]:
            click.echo(f"warning: reporting loop in the data: {' -> '.join(loop)}", err=True)

    _emit(data, as_json, human)


@main.command("gaps")
@click.option("--company", help="Only this account (default: every account).")
@analytics_options
@handles_errors
def gaps_command(company: str | None, as_of: str | None, config_path: Path | None,
                 as_json: bool) -> None:
    """Coverage gaps: single-threaded and single-rep accounts, uncovered departments,
    unknown decision makers, stale profiles."""
    from graphprofile import services

    when = services.parse_as_of(as_of)
    settings = _settings(config_path)
    with _store() as store:
        # Every account takes a while (some 50 s for 10,000 on two CPUs): show a bar.
        show_bar = not (as_json or company) and sys.stderr.isatty()
        total = len(services.account_ids(store)) if show_bar else 1
        with click.progressbar(length=total, label="analysing", file=sys.stderr,
                               show_pos=True, hidden=not show_bar) as bar:
            data = services.gaps(store, company, as_of=when, settings=settings,
                                 progress=bar.update)

    def human(d: dict[str, Any]) -> None:
        click.echo(f"coverage gaps as of {d['as_of']}")
        for c in d["companies"]:
            flags = [name for name in ("single_threaded", "single_rep") if c[name]]
            click.echo(f"\n{c['company_id']}  engaged {len(c['engaged_contacts'])}, "
                       f"influence coverage {c['influence_coverage']:.0%}"
                       + (f"  [{', '.join(flags)}]" if flags else ""))
            click.echo(f"  colleagues:              {_ids(c['colleagues'])}")
            click.echo(f"  uncovered departments:   {_ids(c['uncovered_departments'])}")
            click.echo(f"  unknown decision makers: {_ids(c['unknown_decision_makers'])}")
            click.echo(f"  stale people:            {len(c['stale_people'])}")

    _emit(data, as_json, human)


@main.command("summaries")
@click.option("--all", "everything", is_flag=True,
              help="Recompute every account, not only those missing or out of date.")
@click.option("--as-of", "as_of", metavar="DATE",
              help="The date the pages will be read for (default: today).")
@json_option
@handles_errors
def summaries_command(everything: bool, as_of: str | None, as_json: bool) -> None:
    """Compute the stored account summaries that the portfolio, gaps and cross-sell
    pages read.

    A page computes what is missing itself: after a write, the accounts it touched;
    after an import of a whole bundle, or on a new as-of date, every account, while the
    request waits (50 to 80 s for 10,000 accounts on two CPUs). Run this after a large
    import, or daily before the first visit (from cron, with the date the pages will
    use), and no page waits. Only what is missing or out of date is computed, unless
    --all (after the graph was changed outside graphprofile, in Neo4j Browser say). The
    pages' analytics settings apply: the defaults.
    """
    from graphprofile import services, summaries

    when = services.parse_as_of(as_of)
    with _store() as store:
        found = summaries.stale(store, as_of=when, everything=everything)
        computed = 0
        if found is not None:
            show_bar = not as_json and sys.stderr.isatty()
            with click.progressbar(length=len(found.ids), label="summarising",
                                   file=sys.stderr, show_pos=True,
                                   hidden=not show_bar) as bar:
                computed = summaries.catch_up(store, found, as_of=when,
                                              progress=bar.update)
        accounts = len(services.account_ids(store))
    _emit({"as_of": when.isoformat(), "computed": computed, "accounts": accounts}, as_json,
          lambda d: click.echo(
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
    with _store() as store:
        data = services.rep_risk(store, colleague, as_of=when, settings=_settings(config_path))

    def human(d: dict[str, Any]) -> None:
        click.echo(f"if {d['colleague_id']} leaves (as of {d['as_of']}):")
        click.echo(f"  accounts going dark: {_ids(d['dark'])}")
        click.echo(f"  accounts weakened:   {_ids(d['weakened'])}")
        for a in d["accounts"]:
            click.echo(f"  {a['company_id']}: loses {_ids(a['lost_contacts'])}; decision makers "
                       f"left without a link: {_ids(a['orphaned_decision_makers'])}")

    _emit(data, as_json, human)


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

    with _store() as store:
        data = services.warm_paths(store, person, from_colleague=from_colleague, k=k,
                                   settings=_settings(config_path))

    def human(d: dict[str, Any]) -> None:
        if not d["paths"]:
            click.echo(f"no warm path to {d['target']}")
        for path in d["paths"]:
            click.echo(f"{path['score']:.4f}  {' -> '.join(path['nodes'])}")

    _emit(data, as_json, human)


@main.command("whitespace")
@click.argument("company")
@analytics_options
@handles_errors
def whitespace_command(company: str, as_of: str | None, config_path: Path | None,
                       as_json: bool) -> None:
    """Cross-sell grid: every department x product with status, propensity and reason."""
    from graphprofile import services

    when = services.parse_as_of(as_of)
    with _store() as store:
        data = services.whitespace(store, company, as_of=when, settings=_settings(config_path))

    def human(d: dict[str, Any]) -> None:
        for cell in d["cells"]:
            score = "" if cell["score"] is None else f"{cell['score']:.2f}"
            click.echo(f"{cell['department_id']:<24} {cell['product_id']:<14} "
                       f"{cell['status']:<12} {score:>5}  {cell['reason']}")

    _emit(data, as_json, human)


@main.command("audit")
@click.argument("company")
@analytics_options
@handles_errors
def audit_command(company: str, as_of: str | None, config_path: Path | None,
                  as_json: bool) -> None:
    """The eight-question completeness audit of an account profile."""
    from graphprofile import services

    when = services.parse_as_of(as_of)
    with _store() as store:
        data = services.audit(store, company, as_of=when, settings=_settings(config_path))

    def human(d: dict[str, Any]) -> None:
        click.echo(f"{d['company_id']}: {d['score']}/8 "
                   f"(strategic class {d['strategic_class']}: {d['strategic_class_reason']})")
        for key, ok in d["answers"].items():
            click.echo(f"  [{'x' if ok else ' '}] {key}")
        for sentence in d["missing"]:
            click.echo(f"  missing: {sentence}")

    _emit(data, as_json, human)


# --- personal data --------------------------------------------------------------------------


@main.group()
def person() -> None:
    """Personal data of a customer's person (erasure on request)."""


@person.command("erase")
@click.argument("person_id")
@click.option("--yes", is_flag=True, help="Confirm: this cannot be undone.")
@json_option
@handles_errors
def person_erase(person_id: str, yes: bool, as_json: bool) -> None:
    """Erase a person's personal data, keeping an anonymous placeholder in the org chart.

    Removes name, title, contact details and every personal attribute, our
    relationships with the person, buying roles, influence lines and interactions;
    keeps id, company, department, reporting line, seniority and function. The
    erasure is recorded in the audit log with who ran it ($GRAPHPROFILE_ACTOR or the
    login name).
    """
    from graphprofile.privacy import current_actor, erase_person

    if not yes:
        raise InvalidInput("refusing to erase without --yes (erasure cannot be undone)")
    with _store() as store:
        data = erase_person(store, person_id, actor=current_actor())
    _emit(data, as_json, lambda d: click.echo(f"erased the personal data of {d['person_id']}"))


@main.command("audit-log")
@click.option("--target", "target_id", help="Only entries about this record id.")
@click.option("--limit", default=1000, show_default=True, type=click.IntRange(1),
              help="At most this many entries, newest first.")
@json_option
@handles_errors
def audit_log_command(target_id: str | None, limit: int, as_json: bool) -> None:
    """Show (or, with --json, export) who changed or erased what, and when."""
    from graphprofile.privacy import audit_log

    with _store() as store:
        entries = audit_log(store, target_id=target_id, limit=limit)

    def human(rows: list[dict[str, Any]]) -> None:
        for e in rows:
            click.echo(f"{e['at']}  {e['actor']:<12} {e['action']:<8} "
                       f"{e['target_kind']} {e['target_id']}  {e['detail']}")

    _emit(entries, as_json, human)


# --- web users ------------------------------------------------------------------------------


@main.group()
def user() -> None:
    """Users of the web explorer and their roles (viewer, editor, admin)."""


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)


@user.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(["viewer", "editor", "admin"]), default="viewer",
              show_default=True, help="viewer reads; editor also edits; admin also imports, "
              "erases, reads the audit log and manages users.")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of stdin (else a hidden prompt).")
@json_option
@handles_errors
def user_add(username: str, role: str, password_stdin: bool, as_json: bool) -> None:
    """Add a user who signs in to the web explorer with a password (scrypt-hashed).

    The password is never an argument (it would show in the process list and shell
    history): it is asked twice at a hidden prompt, or read from stdin.
    """
    from graphprofile.privacy import current_actor, record_audit
    from graphprofile.users import add_user

    password = _read_password(password_stdin)
    with _store() as store:
        data = add_user(store, username, password, role)
        record_audit(store, actor=current_actor(), action="add_user", target_kind="user",
                     target_id=username, detail=f"role {role}")
    _emit(data, as_json, lambda d: click.echo(f"added {d['username']} ({d['role']})"))


@user.command("list")
@json_option
@handles_errors
def user_list(as_json: bool) -> None:
    """List the web explorer's users with role and creation time."""
    from graphprofile.users import list_users

    with _store() as store:
        rows = list_users(store)

    def human(data: list[dict[str, Any]]) -> None:
        if not data:
            click.echo("no users (add one with `graphprofile user add NAME --role admin`)")
        for row in data:
            click.echo(f"{row['username']:<24} {row['role']:<7} {row['created']}")

    _emit(rows, as_json, human)


@user.command("remove")
@click.argument("username")
@json_option
@handles_errors
def user_remove(username: str, as_json: bool) -> None:
    """Remove a user; their open sessions stop working at the next request."""
    from graphprofile.privacy import current_actor, record_audit
    from graphprofile.users import remove_user

    with _store() as store:
        data = remove_user(store, username)
        record_audit(store, actor=current_actor(), action="remove_user", target_kind="user",
                     target_id=username)
    _emit(data, as_json, lambda d: click.echo(f"removed {d['username']}"))


if __name__ == "__main__":  # pragma: no cover
    main()
