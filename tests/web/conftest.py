"""Web fixtures: the demo portfolio, shared by read-only tests and fresh for each test
that writes, and the app over it.

``demo_store`` is the session's store holding the demo portfolio. Read-only tests share
it: it is loaded at the start of each module and again after each test that writes. A
test that writes asks for ``fresh_demo_store`` (the same store): it gets the demo
portfolio exactly as imported, whatever ran before it, and the test after it gets the
demo back. The session imports the bundle once (after its earlier exports, as
``graphprofile demo`` does); loading it again restores a copy of
what that import stored (every node, label, property and relationship) in one
transaction, much faster than a new import.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from neo4j import ManagedTransaction

from graphprofile import resources
from graphprofile.services import import_bundle, import_demo
from web import create_app

AS_OF = "2026-11-23"  # the demo's "today"

_NODES = "MATCH (n) RETURN elementId(n) AS key, labels(n) AS labels, properties(n) AS props"
_LINKS = ("MATCH (a)-[r]->(b) RETURN elementId(a) AS start, elementId(b) AS end, "
          "type(r) AS type, properties(r) AS props")

Graph = tuple[dict[tuple[str, ...], list[dict[str, Any]]], dict[str, list[dict[str, Any]]]]


def _name(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _copy(tx: ManagedTransaction) -> Graph:
    """Every node (by its labels) and relationship (by its type) in the store."""
    nodes: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in tx.run(_NODES):
        nodes[tuple(sorted(row["labels"]))].append({"key": row["key"], "props": row["props"]})
    links: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in tx.run(_LINKS):
        links[row["type"]].append({"start": row["start"], "end": row["end"],
                                   "props": row["props"]})
    return dict(nodes), dict(links)


def _restore(tx: ManagedTransaction, graph: Graph) -> None:
    """Create the copied graph again in an empty store."""
    nodes, links = graph
    new_id: dict[str, str] = {}
    for labels, rows in nodes.items():
        result = tx.run(f"UNWIND $rows AS row CREATE (n{''.join(':' + _name(x) for x in labels)})"
                        " SET n = row.props RETURN row.key AS key, elementId(n) AS id",
                        rows=rows)
        new_id.update((row["key"], row["id"]) for row in result)
    created = 0
    for kind, rows in links.items():
        created += tx.run(
            "UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row.start "
            "MATCH (b) WHERE elementId(b) = row.end "
            f"CREATE (a)-[r:{_name(kind)}]->(b) SET r = row.props",
            rows=[{**row, "start": new_id[row["start"]], "end": new_id[row["end"]]}
                  for row in rows]).consume().counters.relationships_created
    assert len(new_id) == sum(map(len, nodes.values()))
    assert created == sum(map(len, links.values()))


class DemoData:
    """Whether the session's store still holds the demo portfolio, and how to load it."""

    def __init__(self) -> None:
        self.stale = True
        self._imported: tuple[Path, Graph] | None = None

    def load(self, store: Any, bundle: Path, *, fresh: bool) -> None:
        """Have ``store`` hold the demo portfolio: as imported when ``fresh`` or after a
        test that may have written, else as the tests before left it."""
        if fresh or self.stale:
            store.clear()
            if self._imported is None or self._imported[0] != bundle:
                if bundle == resources.demo_bundle():
                    import_demo(store, bundle)  # with its import history, as `demo` loads it
                else:
                    import_bundle(store, bundle)
                self._imported = (bundle, store.read_tx(_copy))
            else:
                store.write_tx(lambda tx: _restore(tx, self._imported[1]))
        self.stale = fresh  # the test after one that writes gets the demo back


@pytest.fixture(scope="session")
def demo_data() -> DemoData:
    return DemoData()


@pytest.fixture(scope="module", autouse=True)
def _demo_per_module(demo_data):
    """Each module starts on the demo as imported (other tests may have cleared the store)."""
    demo_data.stale = True


@pytest.fixture
def demo_store(request, session_store, demo_bundle, demo_data):
    """The session's store holding the demo portfolio, shared with the other read-only
    tests: a test that writes asks for ``fresh_demo_store`` instead."""
    demo_data.load(session_store, demo_bundle,
                   fresh="fresh_demo_store" in request.fixturenames)
    return session_store


@pytest.fixture
def fresh_demo_store(demo_store):
    """The demo portfolio as imported, for this test alone to write to."""
    return demo_store


@pytest.fixture(scope="module")
def app(session_store):
    return create_app(session_store, {"TESTING": True, "SINGLE_USER": True,
                                      "DEFAULT_AS_OF": AS_OF,
                                      "SECRET_KEY": "test"})


@pytest.fixture
def client(app, demo_store):
    return app.test_client()
