"""Repository of the graph export: the stored graph's nodes as they are stored (label, id,
properties), each with its outgoing relationships, page by page or for one account."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from graphprofile.errors import NotFound
from graphprofile.store import Store
from graphprofile.store.row_hashes import strip

__all__ = ["GRAPH_LABELS", "GraphEdge", "GraphNode", "account_nodes", "graph_nodes"]

# The labels of the account graph, in the order of ``cypher/stats.cypher``, with the
# statement that pages through each. The read model and the users are not the graph.
_PAGES = {
    "Company": "export_graph_companies",
    "Department": "export_graph_departments",
    "Person": "export_graph_people",
    "Colleague": "export_graph_colleagues",
    "Product": "export_graph_products",
    "Opportunity": "export_graph_opportunities",
    "Interaction": "export_graph_interactions",
}
GRAPH_LABELS = tuple(_PAGES)


class GraphEdge(NamedTuple):
    """An outgoing relationship: its type, the node it ends at and its properties."""

    type: str
    label: str
    id: str
    props: dict[str, Any]


class GraphNode(NamedTuple):
    """A stored node: its label, id and properties, and its outgoing relationships."""

    label: str
    id: str
    props: dict[str, Any]
    out: list[GraphEdge]


def _native(value: Any) -> Any:
    """Driver temporal values as Python's (``neo4j.time.Date`` -> ``datetime.date``)."""
    if isinstance(value, list):
        return [_native(item) for item in value]
    return value.to_native() if hasattr(value, "to_native") else value


def _node(label: str, row: dict[str, Any]) -> GraphNode:
    return GraphNode(
        label, row["key"], {k: _native(v) for k, v in strip(row["props"]).items()},
        [GraphEdge(o["type"], o["label"], o["id"],
                   {k: _native(v) for k, v in strip(o["props"]).items()})
         for o in row["out"]])


def graph_nodes(store: Store, *, page: int = 5_000) -> Iterator[GraphNode]:
    """Every node of the stored graph, label by label (:data:`GRAPH_LABELS` order) and in
    id order, ``page`` nodes a read: never the whole graph in memory."""
    for label, statement in _PAGES.items():
        after = ""
        while True:
            rows = store.read(statement, after=after, limit=page)
            if not rows:
                break
            for row in rows:
                yield _node(label, row)
            after = rows[-1]["key"]


def account_nodes(store: Store, company_id: str) -> list[GraphNode]:
    """The nodes of one account (its company, departments, people, opportunities, the
    interactions with its people, the colleagues and products they point at), in
    :data:`GRAPH_LABELS` and id order, keeping only the relationships between them.
    Raises NotFound for an unknown company."""
    rows = store.read("export_graph_account", company_id=company_id)
    if not rows:
        raise NotFound(f"no company with id {company_id!r}")
    order = {label: i for i, label in enumerate(GRAPH_LABELS)}
    nodes = sorted((_node(row["label"], row) for row in rows),
                   key=lambda n: (order.get(n.label, len(order)), n.id))
    inside = {(n.label, n.id) for n in nodes}
    return [n._replace(out=[e for e in n.out if (e.label, e.id) in inside]) for n in nodes]
