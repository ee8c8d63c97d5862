"""Connectors: other systems' exports (a CRM's CSV files) read through a declarative
mapping into a native bundle, with problems reported in the export's own terms."""

from __future__ import annotations

from graphprofile.connectors.mapping import Mapping, load_mapping, parse_mapping, shipped_text
from graphprofile.connectors.translate import Translation, translate
from graphprofile.errors import InvalidInput
from graphprofile.resources import CONNECTORS

__all__ = ["SHIPPED", "Mapping", "Translation", "load_mapping", "parse_mapping", "shipped",
           "translate"]

# The connectors shipped as mapping files of this package (``salesforce.toml``, ...).
SHIPPED = CONNECTORS


def shipped(name: str) -> Mapping:
    """The shipped mapping of connector ``name`` (one of :data:`SHIPPED`)."""
    if name not in SHIPPED:
        raise InvalidInput(f"unknown connector {name!r}; one of {', '.join(SHIPPED)}")
    return parse_mapping(shipped_text(name), f"{name}.toml")
