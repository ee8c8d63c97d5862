"""Stored per-account summaries: read from the store, forgotten for exactly the accounts a
write touches, recomputed for another as-of date."""

from __future__ import annotations

from datetime import date

import pytest

from graphprofile import services, summaries
from graphprofile.graph import account_graph
from graphprofile.importer.load import import_bundle
from graphprofile.models import RoleAssignment
from graphprofile.store.records import account_snapshot

AS_OF = date(2026, 11, 23)


def _rows(store, as_of=AS_OF):
    ids = services.account_ids(store)
    return {r["id"]: r for r in summaries.portfolio_rows(store, as_of=as_of, account_ids=ids)}


def _tamper(store, company_id, engaged):
    store.write_tx(lambda tx: tx.run(
        "MATCH (s:AccountSummary {id: $id}) SET s.engaged = $engaged",
        id=company_id, engaged=engaged).consume())


def _stored_count(store):
    return store.read_tx(lambda tx: tx.run(
        "MATCH (s:AccountSummary) RETURN count(s) AS n").single()["n"])


@pytest.fixture
def demo(store, demo_bundle):
    import_bundle(store, demo_bundle)
    return store


def test_rows_equal_a_fresh_computation_and_are_stored(demo):
    rows = _rows(demo)
    assert sorted(rows) == services.account_ids(demo)
    assert _stored_count(demo) == len(rows)
    for company_id, row in rows.items():
        graph = account_graph(account_snapshot(demo, company_id))
        assert row == summaries.summary_row(graph, as_of=AS_OF)


def test_stored_rows_are_read_not_recomputed_until_a_write_touches_the_account(demo):
    _rows(demo)
    _tamper(demo, "ferrox", 999)
    _tamper(demo, "meridian", 777)
    assert _rows(demo)["ferrox"]["engaged"] == 999  # served from the store

    services.set_role(demo, RoleAssignment(person_id="ferrox-p-010", role="influencer"))
    after = _rows(demo)
    assert after["ferrox"]["engaged"] == 8       # recomputed: the write forgot it
    assert after["meridian"]["engaged"] == 777   # untouched account kept its summary


def test_another_as_of_date_recomputes(demo):
    _rows(demo)
    _tamper(demo, "ferrox", 999)
    later = _rows(demo, as_of=date(2027, 6, 1))
    assert later["ferrox"]["engaged"] != 999


def test_an_import_forgets_every_summary(demo, demo_bundle):
    _rows(demo)
    assert _stored_count(demo) == 7
    import_bundle(demo, demo_bundle)
    assert _stored_count(demo) == 0


def test_erasing_a_person_forgets_that_account(demo):
    from graphprofile.privacy import erase_person

    _rows(demo)
    _tamper(demo, "transvia", 999)
    erase_person(demo, "transvia-p-003", actor="dpo")
    assert _rows(demo)["transvia"]["engaged"] != 999
