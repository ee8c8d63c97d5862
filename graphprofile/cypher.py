"""Cypher statements live in cypher/NAME.cypher; load them by name, cached."""

from __future__ import annotations

import re
from functools import cache

from graphprofile.resources import cypher_dir

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@cache
def load(name: str) -> str:
    """Return the text of ``cypher/<name>.cypher``.

    Names are plain identifiers so a caller can never reach outside the folder.

    >>> load("stats").lstrip().startswith("//")
    True
    """
    if not _NAME.match(name):
        raise ValueError(f"not a statement name: {name!r}")
    folder = cypher_dir()
    path = folder / f"{name}.cypher"
    if not path.is_file():
        raise KeyError(f"no Cypher statement named {name!r} in {folder}")
    return path.read_text(encoding="utf-8")


def statements(name: str) -> list[str]:
    """Split a multi-statement file (such as ``schema``) on ``;`` at line ends."""
    text = "\n".join(
        line for line in load(name).splitlines() if not line.lstrip().startswith("//")
    )
    return [part.strip() for part in re.split(r";\s*$", text, flags=re.M) if part.strip()]


def names() -> list[str]:
    """Every statement name available, sorted."""
    return sorted(p.stem for p in cypher_dir().glob("*.cypher"))
