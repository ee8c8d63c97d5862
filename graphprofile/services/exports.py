"""The stored graph, or one account, as a GraphML file for Gephi, yEd or NetworkX.

Every node carries a ``label`` attribute (its Neo4j label) and its stored properties;
every edge a ``type`` attribute (its relationship type) and its properties. Properties
are typed (GraphML ``boolean``, ``int``, ``long``, ``double``, ``string``): a property
with values of several kinds takes the widest (whole and real numbers are ``double``,
anything else mixed is ``string``); dates are ISO text and lists ``;``-joined text.
Node ids are ``Label:id`` (ids are unique per label only).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from graphprofile.store import Store
from graphprofile.store.graph_export import GraphNode, account_nodes, graph_nodes

__all__ = ["export_graphml", "write_graphml", "xml_text"]

# Characters XML 1.0 cannot hold, even escaped (controls but tab and newlines, lone
# surrogates, U+FFFE/U+FFFF): shown as U+FFFD so the file stays readable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CR = {"\r": "&#13;"}
_INT32 = 2**31 - 1
# The widening order of numeric kinds; any other mix is string.
_NUMERIC = ("int", "long", "double")


def xml_text(text: str) -> str:
    """``text`` with the characters XML cannot carry replaced by U+FFFD.

    >>> xml_text("a\\x00b\\tc")
    'a\\ufffdb\\tc'
    """
    return _NOT_XML.sub("\ufffd", text)


def _kind_and_text(value: Any) -> tuple[str, str]:
    """The GraphML kind of one property value and its text."""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool):  # before int: a bool is an int
        return "boolean", "true" if value else "false"
    if isinstance(value, int):
        return ("int" if -_INT32 - 1 <= value <= _INT32 else "long"), str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "double", "NaN"
        if math.isinf(value):
            return "double", "Infinity" if value > 0 else "-Infinity"
        return "double", repr(value)
    if isinstance(value, dt.date | dt.time):  # datetime is a date too
        return "string", value.isoformat()
    if isinstance(value, list | tuple):
        return "string", ";".join(_kind_and_text(item)[1] for item in value)
    return "string", str(value)


def _widest(kinds: set[str]) -> str:
    if len(kinds) == 1:
        return next(iter(kinds))
    if kinds <= set(_NUMERIC):
        return max(kinds, key=_NUMERIC.index)
    return "string"


class _Keys:
    """The GraphML keys of one domain (node or edge), numbered as first seen, with the
    kinds of the values each held."""

    def __init__(self, prefix: str, reserved: str):
        self.prefix = prefix
        self.reserved = reserved
        self.ids: dict[str, str] = {}
        self.kinds: dict[str, set[str]] = {}

    def data(self, name: str, value: Any) -> str:
        """One ``<data>`` element; a property named like the reserved attribute is
        written as ``<name>_property``."""
        kind, text = _kind_and_text(value)
        return self._data(f"{name}_property" if name == self.reserved else name, kind, text)

    def reserved_data(self, text: str) -> str:
        return self._data(self.reserved, "string", text)

    def _data(self, name: str, kind: str, text: str) -> str:
        key = self.ids.setdefault(name, f"{self.prefix}{len(self.ids)}")
        self.kinds.setdefault(name, set()).add(kind)
        # A carriage return is kept as a reference: a parser turns a raw one into "\n".
        return f"<data key={quoteattr(key)}>{escape(xml_text(text), _CR)}</data>"

    def declarations(self, domain: str) -> Iterable[str]:
        for name, key in self.ids.items():
            yield (f'  <key id={quoteattr(key)} for="{domain}" '
                   f'attr.name={quoteattr(xml_text(name))} '
                   f'attr.type="{_widest(self.kinds[name])}"/>\n')


def _node_id(label: str, ident: str) -> str:
    return quoteattr(xml_text(f"{label}:{ident}"))


def write_graphml(out: str | Path | IO[str], nodes: Iterable[GraphNode]) -> dict[str, Any]:
    """Write ``nodes`` and their outgoing edges as one directed GraphML graph.

    Parameters
    ----------
    out
        A path (written whole or not at all: to a partial file first, then renamed), or
        a text stream.
    nodes
        Nodes with their outgoing edges, consumed once, streaming: nodes and edges go to
        spool files while the keys and their types are gathered, since GraphML declares
        the keys first. Properties are written in name order, so the same nodes give the
        same bytes. An edge to a node not among ``nodes`` is written as given.

    Returns
    -------
    dict
        ``{"nodes": {label: count}, "relationships": {type: count}}``, labels as first
        seen, types in name order.
    """
    node_keys, edge_keys = _Keys("n", "label"), _Keys("e", "type")
    labels: Counter[str] = Counter()
    types: Counter[str] = Counter()
    edge_count = 0
    with (tempfile.TemporaryFile("w+", encoding="utf-8") as node_spool,
          tempfile.TemporaryFile("w+", encoding="utf-8") as edge_spool):
        for node in nodes:
            labels[node.label] += 1
            source = _node_id(node.label, node.id)
            node_spool.write(f"    <node id={source}>{node_keys.reserved_data(node.label)}"
                             + "".join(node_keys.data(k, v) for k, v in sorted(node.props.items())
                                       if v is not None)
                             + "</node>\n")
            for edge in node.out:
                edge_spool.write(
                    f'    <edge id="r{edge_count}" source={source} '
                    f"target={_node_id(edge.label, edge.id)}>"
                    f"{edge_keys.reserved_data(edge.type)}"
                    + "".join(edge_keys.data(k, v) for k, v in sorted(edge.props.items())
                              if v is not None)
                    + "</edge>\n")
                types[edge.type] += 1
                edge_count += 1
        node_spool.seek(0)
        edge_spool.seek(0)
        parts = (node_keys, edge_keys, node_spool, edge_spool)
        if isinstance(out, str | Path):
            path = Path(out)
            partial = path.with_name(f".{path.name}.partial")
            with partial.open("w", encoding="utf-8") as stream:
                _assemble(stream, *parts)
            os.replace(partial, path)  # readers never see a half-written file
        else:
            _assemble(out, *parts)
    return {"nodes": dict(labels), "relationships": dict(sorted(types.items()))}


def _assemble(stream: IO[str], node_keys: _Keys, edge_keys: _Keys, nodes: IO[str],
              edges: IO[str]) -> None:
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                 'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
                 'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    stream.writelines(node_keys.declarations("node"))
    stream.writelines(edge_keys.declarations("edge"))
    stream.write('  <graph id="G" edgedefault="directed">\n')
    for spool in (nodes, edges):
        for line in spool:
            stream.write(line)
    stream.write("  </graph>\n</graphml>\n")


def export_graphml(store: Store, path: str | Path, *,
                   company_id: str | None = None) -> dict[str, Any]:
    """Write the stored graph, or one account's part of it, as GraphML at ``path``.

    The whole graph is read page by page; an account is its company, departments,
    people, opportunities, the interactions with its people and the colleagues and
    products they point at, with the relationships between them. Returns
    ``{"path", "nodes": {label: count}, "relationships": {type: count}}``; raises
    NotFound for an unknown company.
    """
    nodes = account_nodes(store, company_id) if company_id else graph_nodes(store)
    return {"path": str(path), **write_graphml(path, nodes)}
