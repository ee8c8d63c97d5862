"""The ``graphprofile`` command: a thin Click layer over :mod:`graphprofile.services`,
one module per command group."""

from graphprofile.cli import admin, analysis, bundles, db, serve  # noqa: F401 (commands)
from graphprofile.cli.base import main

__all__ = ["main"]

