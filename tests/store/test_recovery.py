"""Neo4j goes down and comes back: 503 meanwhile, recovery without a restart."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from click.testing import CliRunner

from graphprofile.cli import main
from graphprofile.config import Settings
from graphprofile.store import open_store
from graphprofile.store.server import LocalServer, free_port
from web import create_app


@pytest.fixture
def own_server(tmp_path):
    """A managed Neo4j of this test's own, so stopping it disturbs nobody."""
    # Short driver retries: a request while the server is down answers 503 quickly.
    settings = replace(Settings.from_env(), neo4j_uri=None, home=tmp_path / "home",
                       preferred_port=free_port(), retry_seconds=1.0, connect_timeout=2.0)
    server = LocalServer(settings)
    server.start()
    try:
        yield settings, server
    finally:
        server.stop()


def test_web_answers_503_while_down_and_recovers(own_server, demo_bundle):
    settings, server = own_server
    store = open_store(settings)
    try:
        from graphprofile.services import import_bundle

        import_bundle(store, demo_bundle)
        app = create_app(store=store, config={"TESTING": True, "SINGLE_USER": True})
        client = app.test_client()
        assert client.get("/").status_code == 200

        server.stop()
        down = client.get("/")
        assert down.status_code == 503
        assert "<html" in down.get_data(as_text=True).lower()
        api = client.get("/api/accounts/ferrox/audit")
        assert api.status_code == 503 and "error" in api.get_json()

        server.start()  # same home, same port: the driver's pool reconnects by itself
        assert client.get("/").status_code == 200
        assert client.get("/api/accounts/ferrox/audit").get_json()["company_id"] == "ferrox"
    finally:
        store.close()


def test_cli_exits_2_with_a_clear_message_when_the_server_is_gone(own_server):
    settings, server = own_server
    user, password = server.auth()
    uri = server.status().uri
    server.stop()
    env = {"NEO4J_URI": uri, "NEO4J_USER": user, "NEO4J_PASSWORD": password}
    result = CliRunner().invoke(main, ["stats", "--json"], env=env)
    assert result.exit_code == 2
    assert "unavailable" in json.loads(result.output)["error"]
