"""Every CLI command has help text and is documented in the README."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from graphprofile.cli import main
from graphprofile.config import PROJECT_ROOT


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


COMMANDS = list(_commands(main))


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=" ".join)
def test_every_command_has_help(path):
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0
    command = dict(COMMANDS)[path]
    assert command.help and len(command.help.strip()) > 20, f"{' '.join(path)} lacks help"


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=" ".join)
def test_every_command_is_in_the_readme(path):
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert f"graphprofile {' '.join(path)}" in readme
