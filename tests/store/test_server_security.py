"""The managed Neo4j does not let a Bolt client read arbitrary files."""

from __future__ import annotations

import pytest
from neo4j.exceptions import ClientError, DatabaseError

from graphprofile.errors import StoreUnavailable


def test_load_csv_reads_only_the_import_folder(store, neo4j_settings, tmp_path):
    if not neo4j_settings.managed:
        pytest.skip("only the managed server's settings are ours")
    outside = tmp_path / "secret.csv"
    outside.write_text("name\nsecret\n", encoding="utf-8")
    query = "LOAD CSV WITH HEADERS FROM $url AS row RETURN row.name AS name"
    with pytest.raises((ClientError, DatabaseError, StoreUnavailable)):
        store.read_tx(lambda tx: tx.run(query, url=outside.as_uri()).data())

    inside = neo4j_settings.home / "import"
    inside.mkdir(exist_ok=True)
    (inside / "allowed.csv").write_text("name\nfine\n", encoding="utf-8")
    rows = store.read_tx(lambda tx: tx.run(query, url="file:///allowed.csv").data())
    assert rows == [{"name": "fine"}]
