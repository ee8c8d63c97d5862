"""Who sees a person's sensitive fields, and exports with or without them.

The fields are :data:`graphprofile.models.PERSONAL_FIELDS` plus those named in
``$GRAPHPROFILE_SENSITIVE_FIELDS`` (comma-separated). Editors and admins see them;
viewers (and their API tokens) do not. Exports leave them out unless asked for, and
every CLI export is in the audit log saying whether they went with it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from graphprofile.errors import InvalidInput
from graphprofile.importer.csvio import write_bundle
from graphprofile.models import BUNDLE, STORED, Person, Record, sensitive_fields
from graphprofile.models import without_sensitive as _without
from graphprofile.services.audit_log import record_audit
from graphprofile.services.exports import write_graphml
from graphprofile.services.users import allows
from graphprofile.store import Store
from graphprofile.store.graph_export import GraphNode, account_nodes, graph_nodes
from graphprofile.store.records import export_records

__all__ = ["ENV", "configured_fields", "export_bundle", "export_graphml", "hidden_fields",
           "sees_personal", "without_sensitive"]

ENV = "GRAPHPROFILE_SENSITIVE_FIELDS"
_ROLE = "editor"  # the least role that sees the sensitive fields


def configured_fields() -> frozenset[str]:
    """The sensitive fields: the defaults and ``$GRAPHPROFILE_SENSITIVE_FIELDS``."""
    try:
        return sensitive_fields(os.environ.get(ENV, ""))
    except ValueError as exc:
        raise InvalidInput(f"{ENV}: {exc}") from exc


def sees_personal(role: str | None) -> bool:
    """Whether a user of ``role`` sees the sensitive fields (editors and admins)."""
    return allows(role, _ROLE)


def hidden_fields(role: str | None) -> frozenset[str]:
    """The fields hidden from a user of ``role``: none for editors and admins."""
    return frozenset() if sees_personal(role) else configured_fields()


def without_sensitive(properties: dict[str, Any], role: str | None) -> dict[str, Any]:
    """A person's properties as a user of ``role`` may see them."""
    return _without(properties, hidden_fields(role))


def _people(records: Iterable[Record], hidden: frozenset[str]) -> Iterator[Record]:
    for person in records:
        yield Person.model_validate(_without(person.to_properties(), hidden), context=STORED)


def _log_export(store: Store, kind: str, target: str, include_personal: bool,
                actor: str) -> None:
    detail = "with personal data" if include_personal else "without personal data"
    record_audit(store, actor=actor, action="export", target_kind=kind, target_id=target,
                 detail=detail)


def export_bundle(store: Store, out_dir: str | Path, *, include_personal: bool,
                  actor: str) -> dict[str, int]:
    """Write every stored record as a bundle; without ``include_personal`` the people's
    sensitive columns are empty (the bundle is then no full backup: importing it clears
    them). Logged in the audit log."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    records: dict[str, Iterable[Record]] = {spec.name: export_records(store, spec.name)
                                            for spec in BUNDLE}
    if not include_personal:
        records["people"] = _people(records["people"], configured_fields())
    counts = write_bundle(out, records)
    _log_export(store, "bundle", str(out), include_personal, actor)
    return counts


def _nodes(nodes: Iterable[GraphNode], hidden: frozenset[str]) -> Iterator[GraphNode]:
    for node in nodes:
        yield (node._replace(props=_without(node.props, hidden))
               if node.label == "Person" else node)


def export_graphml(store: Store, path: str | Path, *, company_id: str | None = None,
                   include_personal: bool, actor: str) -> dict[str, Any]:
    """The GraphML export (see :func:`graphprofile.services.exports.export_graphml`),
    people without their sensitive properties unless ``include_personal``; logged."""
    nodes: Iterable[GraphNode] = (account_nodes(store, company_id) if company_id
                                  else graph_nodes(store))
    if not include_personal:
        nodes = _nodes(nodes, configured_fields())
    written = {"path": str(path), **write_graphml(path, nodes)}
    _log_export(store, "graphml", company_id or str(path), include_personal, actor)
    return written
