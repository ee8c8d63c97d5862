"""The ``graphprofile`` command: a thin Click layer over :mod:`graphprofile.services`,
one module per command group."""

from graphprofile.cli import (  # noqa: F401 (commands)
    admin,
    analysis,
    bundles,
    db,
    followups,
    history,
    intelligence,
    interviews,
    levels,
    profiling,
    serve,
    tokens,
)
from graphprofile.cli.base import main

__all__ = ["main"]

