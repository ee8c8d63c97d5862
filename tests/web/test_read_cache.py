"""A web worker's read cache (``graphprofile.store.cache``): an account graph is read once
per change of the store, a page reads it once, and a write made through another worker's
store is seen on the next request."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graphprofile import services
from graphprofile.models import Person
from graphprofile.services import analysis
from graphprofile.store import accounts, cache, open_store

ACCOUNT = "hartwell"
PERSON = "hartwell-p-001"
DEAL = "hartwell-o-2"


@pytest.fixture
def reads(monkeypatch, app) -> Iterator[list[tuple[str, bool]]]:
    """The app's store remembering what it reads; each account snapshot read is logged
    as (company id, with profiles)."""
    store = app.extensions["graphprofile.store"]
    log: list[tuple[str, bool]] = []
    real = analysis.account_snapshot

    def counted(store_, company_id, *, profiles=True):
        log.append((company_id, profiles))
        return real(store_, company_id, profiles=profiles)

    monkeypatch.setattr(analysis, "account_snapshot", counted)
    cache.enable(store)
    try:
        yield log
    finally:
        cache.enable(store, 0)  # the session's store is shared: forget and stop


def test_a_person_page_reads_its_account_once(reads, client) -> None:
    for _ in range(2):
        page = client.get(f"/people/{PERSON}")
        assert page.status_code == 200
        assert "Eleanor Whitfield" in page.get_data(as_text=True)
    assert reads == [(ACCOUNT, True)]


def test_an_opportunity_page_reads_its_account_once(reads, client) -> None:
    assert client.get(f"/opportunities/{DEAL}").status_code == 200
    assert client.get(f"/opportunities/{DEAL}").status_code == 200
    assert reads == [(ACCOUNT, True)]


def test_a_write_through_another_store_is_seen_on_the_next_read(
        reads, fresh_demo_store, neo4j_settings) -> None:
    first = services.account_graph_of(fresh_demo_store, ACCOUNT)
    assert services.account_graph_of(fresh_demo_store, ACCOUNT) is first
    assert reads == [(ACCOUNT, False)]

    other = open_store(neo4j_settings)  # another worker process's driver
    try:
        stored = accounts.person_properties(other, PERSON) or {}
        person = Person(**{k: v for k, v in stored.items() if k in Person.model_fields})
        services.save_person(other, person.model_copy(update={"title": "Chief Cat Herder"}))
    finally:
        other.close()

    again = services.account_graph_of(fresh_demo_store, ACCOUNT)
    assert again is not first
    assert again.nodes[("person", PERSON)]["title"] == "Chief Cat Herder"
    assert first.nodes[("person", PERSON)]["title"] == "Chief Executive Officer"
    assert reads == [(ACCOUNT, False), (ACCOUNT, False)]
