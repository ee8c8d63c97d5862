"""Shared fixtures: one real Neo4j per test session, emptied before each test that asks."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from graphprofile import resources
from graphprofile.config import Settings
from graphprofile.store.server import free_port

DEMO = resources.demo_bundle()



@pytest.fixture(scope="session")
def neo4j_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Settings of the Neo4j the suite runs against.

    With NEO4J_URI set the suite uses that server (its database is emptied by the
    tests!); otherwise it starts a managed local Neo4j in a temporary home.
    """
    settings = Settings.from_env()
    if not settings.managed:
        yield settings
        return
    from graphprofile.store.server import LocalServer

    home = tmp_path_factory.mktemp("graphprofile-home")
    settings = replace(settings, home=home, preferred_port=free_port())
    server = LocalServer(settings)
    server.start()
    try:
        yield settings
    finally:
        server.stop()


@pytest.fixture(scope="session")
def session_store(neo4j_settings: Settings):
    from graphprofile.store import open_store

    store = open_store(neo4j_settings)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def store(session_store):
    """The session's store, emptied before the test: each test arranges its own data."""
    session_store.clear()
    return session_store


@pytest.fixture
def cli_env(neo4j_settings: Settings) -> dict[str, str]:
    """Environment for running the CLI against the test server."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["GRAPHPROFILE_HOME"] = str(neo4j_settings.home)
    if not neo4j_settings.managed:
        env.update(NEO4J_URI=neo4j_settings.neo4j_uri or "", NEO4J_USER=neo4j_settings.neo4j_user,
                   NEO4J_PASSWORD=neo4j_settings.neo4j_password or "",
                   NEO4J_DATABASE=neo4j_settings.neo4j_database)
    return env


@pytest.fixture
def demo_bundle() -> Path:
    return DEMO


@pytest.fixture
def demo(store, demo_bundle):
    """The emptied store with the demo portfolio imported: the test's own copy."""
    from graphprofile.services import import_bundle

    import_bundle(store, demo_bundle)
    return store
