"""Portfolio questions: chunked loading and worker processes give exactly the answers of
one account at a time, in the order asked."""

from __future__ import annotations

import pickle
from datetime import date
from functools import partial

import pytest

from graphprofile import analytics, portfolio, services, summaries
from graphprofile.analytics import AnalyticsSettings
from graphprofile.errors import NotFound
from graphprofile.graph import account_graph
from graphprofile.store.records import account_snapshot, account_snapshots

AS_OF = date(2026, 11, 23)


def test_chunked_snapshots_equal_one_by_one(demo):
    ids = services.account_ids(demo)
    assert len(ids) == 7
    for chunk in (1, 3, 50):
        chunked = [s.model_dump() for s in account_snapshots(demo, ids, chunk=chunk)]
        single = [account_snapshot(demo, cid, profiles=False).model_dump() for cid in ids]
        assert chunked == single
    # the order given is kept, whatever it is
    backwards = [s.company.id for s in account_snapshots(demo, ids[::-1], chunk=2)]
    assert backwards == ids[::-1]


def test_unknown_account_is_not_found(demo):
    with pytest.raises(NotFound, match="nope"):
        list(account_snapshots(demo, ["cloudnest", "nope"]))


@pytest.mark.parametrize("workers", [1, 2])
def test_workers_answer_exactly_like_one_account_at_a_time(demo, workers):
    ids = services.account_ids(demo)
    question = partial(analytics.gaps, as_of=AS_OF)
    expected = [(cid, analytics.gaps(account_graph(account_snapshot(demo, cid)), as_of=AS_OF))
                for cid in ids]
    seen: list[int] = []
    # chunks of 2: four chunks, so two workers really run (not the in-process shortcut)
    got = list(portfolio.answers(demo, question, ids, workers=workers, chunk=2,
                                 progress=seen.append))
    assert got == expected
    assert sum(seen) == len(ids)
    assert any(found["single_threaded"] for _, found in got)  # the demo has one


def test_snapshot_parts_load_only_what_is_asked(demo):
    ids = services.account_ids(demo)
    full = list(account_snapshots(demo, ids))
    some = list(account_snapshots(demo, ids, parts={"people", "roles"}))
    assert [s.company for s in some] == [s.company for s in full]
    for part, whole in zip(some, full, strict=True):
        assert part.people == whole.people and part.roles == whole.roles
        assert part.deployments == part.products == part.interactions == []
    assert any(s.deployments for s in full) and any(s.products for s in full)
    with pytest.raises(ValueError, match="nope"):
        list(account_snapshots(demo, ids, parts={"people", "nope"}))


@pytest.mark.parametrize("workers", [1, 2])
def test_coverage_questions_read_enough_parts(demo, workers):
    """gaps and rep_risk load COVERAGE_PARTS only, and answer what the whole account
    gives: a part they read but do not load would change an answer here."""
    ids = services.account_ids(demo)
    whole = {cid: analytics.gaps(account_graph(account_snapshot(demo, cid)), as_of=AS_OF)
             for cid in ids}
    got = services.gaps(demo, as_of=AS_OF, workers=workers)["companies"]
    assert {found.pop("company_id"): found for found in got} == whole
    assert any(found["unknown_decision_makers"] for found in whole.values())
    assert any(found["uncovered_departments"] for found in whole.values())
    affected = 0
    for colleague in ("c-aiko", "c-marco", "c-tomas"):
        expected = {cid: analytics.rep_risk(account_graph(account_snapshot(demo, cid)),
                                            colleague, as_of=AS_OF) for cid in ids}
        risk = services.rep_risk(demo, colleague, as_of=AS_OF)
        assert {entry["company_id"] for entry in risk["accounts"]} == {
            cid for cid, found in expected.items() if found["dark"] or found["weakened"]}
        for entry in risk["accounts"]:
            assert {k: v for k, v in entry.items() if k != "company_id"} == \
                expected[entry["company_id"]]
        affected += len(risk["accounts"])
    assert affected  # some account is weakened or goes dark


def test_workers_report_an_unknown_account(demo):
    ids = [*services.account_ids(demo), "nope"]
    with pytest.raises(NotFound, match="nope"):
        list(portfolio.answers(demo, partial(analytics.gaps, as_of=AS_OF), ids,
                               workers=2, chunk=2))


def test_settings_travel_to_workers(demo):
    strict = AnalyticsSettings.from_mapping({"engaged_strength": 5, "engaged_days": 1})
    assert pickle.loads(pickle.dumps(strict)) == strict
    ids = services.account_ids(demo)
    parallel = list(portfolio.answers(
        demo, partial(analytics.gaps, as_of=AS_OF, settings=strict), ids, workers=2, chunk=2))
    assert parallel == [(c["company_id"], {k: v for k, v in c.items() if k != "company_id"})
                        for c in services.gaps(demo, as_of=AS_OF, settings=strict)["companies"]]
    assert parallel != list(portfolio.answers(demo, partial(analytics.gaps, as_of=AS_OF), ids))


def test_summary_rows_from_workers_match(demo):
    ids = services.account_ids(demo)
    question = partial(summaries.summary_row, as_of=AS_OF)
    rows = [row for _, row in portfolio.answers(demo, question, ids, workers=2, chunk=2)]
    assert rows == summaries.refresh(demo, ids, as_of=AS_OF, workers=1)
    assert [r["id"] for r in rows] == ids


def test_worker_count_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("GRAPHPROFILE_WORKERS", "3")
    assert portfolio.default_workers() == 3
    monkeypatch.setenv("GRAPHPROFILE_WORKERS", "many")
    with pytest.raises(ValueError, match="GRAPHPROFILE_WORKERS"):
        portfolio.default_workers()
