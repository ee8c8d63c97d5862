"""Files shipped inside the package (Cypher, demo bundle, server source, vis-network,
the interview question bank)."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

__all__ = ["cypher_dir", "demo_bundle", "interview_bank", "server_source", "vis_network"]

# The connectors whose mapping files ship in graphprofile/connectors/ (salesforce.toml,
# ...). Named here so the CLI lists them without loading the mapping machinery.
CONNECTORS = ("salesforce", "hubspot")

# The top-level folders of the checkout, installed as these packages (pyproject.toml).
QUERIES = "graphprofile.queries"  # cypher/
FIXTURES = "graphprofile.fixtures"  # fixtures/
LAUNCHER = "graphprofile.launcher"  # server/


def _folder(resource: Traversable, what: str) -> Path:
    """``resource`` as a folder on disk; a zipped install has none to offer."""
    if not isinstance(resource, Path) or not resource.is_dir():
        raise FileNotFoundError(
            f"{what} not found at {resource}: graphprofile must be installed as files "
            "(pip install), not zipped")
    return resource


def cypher_dir() -> Path:
    """The folder of ``*.cypher`` statements (``cypher/`` in a checkout).

    >>> (cypher_dir() / "schema.cypher").is_file()
    True
    """
    return _folder(files(QUERIES), "the Cypher statements")


def demo_bundle() -> Path:
    """The demo portfolio's bundle folder (``fixtures/demo/`` in a checkout).

    >>> (demo_bundle() / "companies.csv").is_file()
    True
    """
    return _folder(files(FIXTURES) / "demo", "the demo bundle")


def server_source() -> Path:
    """The managed Neo4j's launcher: ``pom.xml`` and ``src/`` (``server/`` in a checkout).

    >>> (server_source() / "pom.xml").is_file()
    True
    """
    return _folder(files(LAUNCHER), "the Neo4j launcher's source")


def vis_network() -> Path:
    """The folder of ``vis-network.min.js`` and ``.css`` that the installed pyvis ships.

    >>> (vis_network() / "vis-network.min.js").is_file()
    True
    """
    return _folder(files("pyvis") / "lib" / "vis-9.1.2", "pyvis's vis-network")


def interview_bank() -> Traversable:
    """The interview question bank, ``graphprofile/interview_questions.json`` (package
    data, read with ``read_text``; a zipped install works too).

    >>> interview_bank().is_file()
    True
    """
    return files("graphprofile") / "interview_questions.json"
