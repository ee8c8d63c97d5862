"""Web fixtures: the demo portfolio loaded once per module, and the app over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graphprofile.config import PROJECT_ROOT
from graphprofile.importer.load import import_bundle
from web import create_app

AS_OF = "2026-11-23"  # the demo's "today"


@pytest.fixture(scope="module")
def demo_store(session_store, demo_bundle_path) -> Iterator:
    """The session's store holding exactly the demo portfolio for this module's tests."""
    session_store.clear()
    import_bundle(session_store, demo_bundle_path)
    yield session_store
    session_store.clear()


@pytest.fixture(scope="module")
def demo_bundle_path() -> Path:
    return PROJECT_ROOT / "fixtures" / "demo"


@pytest.fixture(scope="module")
def app(demo_store):
    return create_app(demo_store, {"TESTING": True, "SINGLE_USER": True,
                                   "DEFAULT_AS_OF": AS_OF,
                                   "SECRET_KEY": "test"})


@pytest.fixture
def client(app):
    return app.test_client()
