"""Personal data, the audit log and web users: ``person erase``, ``audit-log``, ``user``."""

from __future__ import annotations

import sys
from typing import Any

import click

from graphprofile.cli.base import emit, handles_errors, json_option, main, open_store
from graphprofile.errors import InvalidInput


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
    relationships with the person, buying roles, influence lines, interactions and
    the interview answers and confirmations about them; keeps id, company,
    department, reporting line, seniority and function. The
    erasure is recorded in the audit log with who ran it ($GRAPHPROFILE_ACTOR or the
    login name).
    """
    from graphprofile.services.audit_log import current_actor
    from graphprofile.services.privacy import erase_person

    if not yes:
        raise InvalidInput("refusing to erase without --yes (erasure cannot be undone)")
    with open_store() as store:
        data = erase_person(store, person_id, actor=current_actor())
    emit(data, as_json, lambda d: click.echo(f"erased the personal data of {d['person_id']}"))


@main.command("audit-log")
@click.option("--target", "target_id", help="Only entries about this record id.")
@click.option("--limit", default=1000, show_default=True, type=click.IntRange(1),
              help="At most this many entries, newest first.")
@json_option
@handles_errors
def audit_log_command(target_id: str | None, limit: int, as_json: bool) -> None:
    """Show (or, with --json, export) who changed or erased what, and when."""
    from graphprofile.services.audit_log import audit_log

    with open_store() as store:
        entries = audit_log(store, target_id=target_id, limit=limit)

    def human(rows: list[dict[str, Any]]) -> None:
        for e in rows:
            click.echo(f"{e['at']}  {e['actor']:<12} {e['action']:<8} "
                       f"{e['target_kind']} {e['target_id']}  {e['detail']}")

    emit(entries, as_json, human)


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
    from graphprofile.services import users
    from graphprofile.services.audit_log import current_actor

    password = _read_password(password_stdin)
    with open_store() as store:
        data = users.add_user(store, username, password, role, actor=current_actor())
    emit(data, as_json, lambda d: click.echo(f"added {d['username']} ({d['role']})"))


@user.command("list")
@json_option
@handles_errors
def user_list(as_json: bool) -> None:
    """List the web explorer's users with role and creation time."""
    from graphprofile.services import users

    with open_store() as store:
        rows = users.list_users(store)

    def human(data: list[dict[str, Any]]) -> None:
        if not data:
            click.echo("no users (add one with `graphprofile user add NAME --role admin`)")
        for row in data:
            click.echo(f"{row['username']:<24} {row['role']:<7} {row['created']}")

    emit(rows, as_json, human)


@user.command("remove")
@click.argument("username")
@json_option
@handles_errors
def user_remove(username: str, as_json: bool) -> None:
    """Remove a user; their open sessions stop working at the next request."""
    from graphprofile.services import users
    from graphprofile.services.audit_log import current_actor

    with open_store() as store:
        data = users.remove_user(store, username, actor=current_actor())
    emit(data, as_json, lambda d: click.echo(f"removed {d['username']}"))


@user.command("passwd")
@click.argument("username")
@click.option("--password-stdin", is_flag=True,
              help="Read the new password from the first line of stdin (else a hidden "
              "prompt, twice).")
@json_option
@handles_errors
def user_passwd(username: str, password_stdin: bool, as_json: bool) -> None:
    """Set a user's new password (12 characters or more); every session of theirs ends.

    As with `user add`, the password is never an argument: it is asked twice at a
    hidden prompt, or read from stdin. The change is in the audit log.
    """
    from graphprofile.services import users
    from graphprofile.services.audit_log import current_actor

    password = _read_password(password_stdin)
    with open_store() as store:
        data = users.change_password(store, username, password, actor=current_actor())
    emit(data, as_json, lambda d: click.echo(
        f"changed the password of {d['username']}; their sessions are signed out"))


@user.command("unlock")
@click.argument("username")
@click.option("--address", "addresses", multiple=True, metavar="ADDR",
              help="Also lift the lockout of this client address (repeatable).")
@json_option
@handles_errors
def user_unlock(username: str, addresses: tuple[str, ...], as_json: bool) -> None:
    """Lift a sign-in lockout: forget the failed sign-ins of a user name (and addresses).

    The name need not be a user's: guesses at unknown names are counted and locked
    the same way. The unlock is in the audit log.
    """
    from graphprofile.services import signin
    from graphprofile.services.audit_log import current_actor

    with open_store() as store:
        data = signin.unlock(store, username, addresses=addresses, actor=current_actor())

    def human(d: dict[str, Any]) -> None:
        state = "unlocked" if d["was_locked"] else "was not locked; its failures forgotten"
        click.echo(f"{d['username']} {state}")
        for address, was_locked in d["addresses"].items():
            click.echo(f"address {address} {'unlocked' if was_locked else 'was not locked'}")

    emit(data, as_json, human)


