"""Every CLI command and option has help text, and every command is documented in the README."""

from __future__ import annotations

import re
from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner

from graphprofile.cli import main
from graphprofile.config import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: tuple[str, ...] = ()
              ) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    """``(path, command)`` of every command under ``group``, subcommands included."""
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


def mentions(path: tuple[str, ...], text: str) -> bool:
    """Whether ``text`` names the command ``graphprofile <path>`` as a whole: ``audit``
    is not documented by ``audit-log``, nor ``db`` by ``dbx``."""
    words = r"\s+".join(re.escape(part) for part in ("graphprofile", *path))
    return re.search(rf"(?<![\w-]){words}(?![\w-])", text) is not None


def undocumented(group: click.Group, text: str) -> list[str]:
    return [" ".join(path) for path, _ in _commands(group) if not mentions(path, text)]


COMMANDS = [((), main), *_commands(main)]


def test_the_walk_finds_subcommands():
    paths = {path for path, _ in COMMANDS}
    assert {(), ("audit",), ("audit-log",), ("db",), ("db", "start"), ("user", "add")} <= paths


@pytest.mark.parametrize(("path", "command"), COMMANDS,
                         ids=[" ".join(p) or "graphprofile" for p, _ in COMMANDS])
def test_every_command_and_option_has_help(path, command):
    where = " ".join(("graphprofile", *path))
    assert command.help and len(command.help.strip()) > 20, f"{where} lacks help"
    options = [p for p in command.params if isinstance(p, click.Option)]
    for option in options:
        assert option.help and option.help.strip(), f"{where} {option.opts[0]} lacks help"
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert " ".join(command.help.split()[:3]) in " ".join(result.output.split())
    for option in options:
        assert option.opts[0] in result.output, f"{where} --help omits {option.opts[0]}"


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS if p], ids=" ".join)
def test_every_command_is_in_the_readme(path):
    assert mentions(path, README), f"README.md never mentions graphprofile {' '.join(path)}"


@pytest.mark.parametrize("text", [
    "`graphprofile audit COMPANY`", "$ graphprofile audit cloudnest --as-of 2026-11-23",
    ".venv/bin/graphprofile audit", "run graphprofile audit.", "graphprofile  audit\n",
])
def test_a_mention_of_the_command_counts(text):
    assert mentions(("audit",), text)


@pytest.mark.parametrize("text", [
    "`graphprofile audit-log [--target ID]`", "graphprofile auditor", "graphprofile-audit",
    "mygraphprofile audit", "graphprofile gaps # an audit", "graphprofile/audit.py",
])
def test_a_near_miss_does_not_count(text):
    assert not mentions(("audit",), text)


def test_a_command_documented_only_by_a_longer_name_is_reported():
    @click.group()
    def cli() -> None:
        """A group for the test."""

    @cli.command("audit")
    def audit() -> None:
        """Audit one account."""

    @cli.command("audit-log")
    def audit_log() -> None:
        """Show the audit log."""

    readme = "| `graphprofile audit-log [--target ID]` | who changed what |\n"
    assert undocumented(cli, readme) == ["audit"]
    assert undocumented(cli, readme + "`graphprofile audit COMPANY`\n") == []
