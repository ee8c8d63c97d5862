"""Stored per-account summaries and cross-sell cells: read from the store, forgotten for
exactly the accounts a write touches, recomputed for another as-of date or shape."""

from __future__ import annotations

from datetime import date

import pytest

from graphprofile import analytics, portfolio, services, summaries
from graphprofile.graph import account_graph
from graphprofile.models import RoleAssignment
from graphprofile.services import import_bundle
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
    assert after["ferrox"]["engaged"] == 6       # recomputed: the write forgot it
    assert after["meridian"]["engaged"] == 777   # untouched account kept its summary


def test_another_as_of_date_recomputes(demo):
    _rows(demo)
    _tamper(demo, "ferrox", 999)
    later = _rows(demo, as_of=date(2027, 6, 1))
    assert later["ferrox"]["engaged"] != 999


def _every_company_changed(demo_bundle, tmp_path):
    """The demo bundle with every company's overview edited: an import touches them all."""
    import csv
    import shutil

    copy = tmp_path / "changed"
    shutil.copytree(demo_bundle, copy)
    with (copy / "companies.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header, rows = reader.fieldnames, list(reader)
    for row in rows:
        row["overview"] = f"{row['overview']} (edited)"
    with (copy / "companies.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, header)
        writer.writeheader()
        writer.writerows(rows)
    return copy


def test_an_import_forgets_every_summary_it_touches(demo, demo_bundle, tmp_path):
    _rows(demo)
    assert _stored_count(demo) == 7
    import_bundle(demo, demo_bundle)  # unchanged rows: nothing touched, nothing forgotten
    assert _stored_count(demo) == 7
    import_bundle(demo, _every_company_changed(demo_bundle, tmp_path))
    assert _stored_count(demo) == 0


def test_erasing_a_person_forgets_that_account(demo):
    from graphprofile.services.privacy import erase_person

    _rows(demo)
    _tamper(demo, "transvia", 999)
    erase_person(demo, "transvia-p-003", actor="dpo")
    assert _rows(demo)["transvia"]["engaged"] != 999


def _cells(store, as_of=AS_OF, **filters):
    cells, total = summaries.stored_cross_sell(store, as_of=as_of, limit=10_000, **filters)
    assert total == len(cells)
    return cells


def _tamper_cells(store, company_id, score):
    store.write_tx(lambda tx: tx.run(
        "MATCH (c:CrossSellCell {company_id: $id}) SET c.score = $score",
        id=company_id, score=score).consume())


def _key(cell):
    return cell["company_id"], cell["department_id"], cell["product_id"]


def _expected_cells(store, as_of=AS_OF):
    """Every account's openings computed now, with today's peer figures."""
    peers = services.peer_stats(store)
    expected = []
    for company_id in services.account_ids(store):
        graph = account_graph(account_snapshot(store, company_id))
        company = graph.nodes["company", company_id]
        klass = analytics.strategic_class(company)[0].value
        for cell in analytics.whitespace(graph, peers=peers, as_of=as_of):
            if cell["status"] == "ours":
                continue
            department = graph.nodes["department", cell["department_id"]]
            expected.append({
                **cell, "company_id": company_id, "company": company["name"],
                "department": department["name"],
                "product": graph.nodes["product", cell["product_id"]]["name"],
                "function": str(department.get("function") or "other"),
                "strategic_class": klass})
    return sorted(expected, key=lambda c: (-c["score"], *_key(c)))


def test_gaps_figures_in_the_rows_equal_the_gaps(demo):
    rows = _rows(demo)
    stale_companies = 0
    for company_id, row in rows.items():
        graph = account_graph(account_snapshot(demo, company_id))
        found = analytics.gaps(graph, as_of=AS_OF)
        people = [graph.nodes["person", p]["name"] for p in found["unknown_decision_makers"]]
        departments = [graph.nodes["department", d]["name"]
                       for d in found["uncovered_departments"]]
        assert row["unknown_decision_makers"] == found["unknown_decision_makers"]
        assert row["unknown_decision_maker_names"] == people
        assert row["uncovered_departments"] == len(departments)
        assert row["uncovered_department_names"] == departments
        assert row["stale_people"] == len(found["stale_people"])
        verified = graph.nodes["company", company_id].get("last_verified")
        assert row["company_stale"] == (verified is None or (AS_OF - verified).days
                                      > analytics.DEFAULTS.stale_days)
        stale_companies += row["company_stale"]
    # the demo has something to show in each column
    assert any(r["unknown_decision_makers"] for r in rows.values())
    assert any(r["uncovered_department_names"] for r in rows.values())
    assert any(r["stale_people"] for r in rows.values())
    assert 0 < stale_companies < len(rows)


def test_stored_cells_equal_the_whitespace_of_every_account(demo):
    _rows(demo)
    stored = _cells(demo)
    assert stored == _expected_cells(demo)
    assert {c["status"] for c in stored} == {"whitespace", "competitor", "opportunity"}
    whitespace = [c for c in stored if c["status"] == "whitespace"]
    assert _cells(demo, status="whitespace") == whitespace
    assert _cells(demo, status="whitespace", product_id="prod-bi") == \
        [c for c in whitespace if c["product_id"] == "prod-bi"]
    top, total = summaries.stored_cross_sell(demo, as_of=AS_OF, limit=5)
    assert top == stored[:5] and total == len(stored)


def test_cells_of_another_as_of_date_are_not_shown(demo):
    _rows(demo)
    assert _cells(demo, as_of=date(2027, 6, 1)) == []
    _rows(demo, as_of=date(2027, 6, 1))
    assert _cells(demo) == []  # replaced, not added to
    assert _cells(demo, as_of=date(2027, 6, 1)) == _expected_cells(demo, date(2027, 6, 1))


def test_a_write_forgets_the_cells_of_that_account_only(demo):
    _rows(demo)
    before = len(_cells(demo))
    _tamper_cells(demo, "ferrox", 0.999)
    _tamper_cells(demo, "meridian", 0.998)
    _rows(demo)
    scores = {(c["company_id"], c["score"]) for c in _cells(demo)
              if c["company_id"] in ("ferrox", "meridian")}
    assert scores == {("ferrox", 0.999), ("meridian", 0.998)}  # served from the store

    services.set_role(demo, RoleAssignment(person_id="ferrox-p-010", role="influencer"))
    assert not [c for c in _cells(demo) if c["company_id"] == "ferrox"]  # forgotten
    _rows(demo)
    cells = _cells(demo)
    assert len(cells) == before
    assert all(c["score"] != 0.999 for c in cells)  # ferrox recomputed
    assert all(c["score"] == 0.998 for c in cells if c["company_id"] == "meridian")


def test_rows_of_an_older_version_are_recomputed(demo):
    _rows(demo)
    _tamper(demo, "ferrox", 999)
    # as after an upgrade that changed the row's shape: the row and the portfolio's
    # "all stored" record carry the old version
    demo.write_tx(lambda tx: tx.run(
        "MATCH (s:AccountSummary {id: 'ferrox'}) SET s.version = $old "
        "WITH s MATCH (p:PortfolioState) SET p.fresh_version = $old",
        old=summaries.VERSION - 1).consume())
    assert _rows(demo)["ferrox"]["engaged"] == 6


def test_small_batches_store_and_forget_everything(demo, monkeypatch):
    monkeypatch.setattr(summaries, "_BATCH", 2)
    monkeypatch.setattr(summaries, "_CELL_BATCH", 7)
    rows = _rows(demo)
    assert _stored_count(demo) == len(rows)
    assert _cells(demo) == _expected_cells(demo)
    summaries.forget(demo, ["ferrox", "meridian", "mediva"])
    assert _stored_count(demo) == len(rows) - 3
    assert not {"ferrox", "meridian", "mediva"} & {c["company_id"] for c in _cells(demo)}
    summaries.forget(demo)
    assert _stored_count(demo) == 0 and _cells(demo) == []


def test_an_import_forgets_every_cell(demo, demo_bundle, tmp_path):
    _rows(demo)
    assert _cells(demo)
    import_bundle(demo, _every_company_changed(demo_bundle, tmp_path))
    assert _cells(demo) == []


def test_the_refresh_question_runs_in_worker_processes(demo):
    ids = services.account_ids(demo)
    question = summaries._question(as_of=AS_OF, peers=services.peer_stats(demo),
                                   settings=analytics.DEFAULTS)
    here = list(portfolio.answers(demo, question, ids, workers=1))
    # chunks of 2: four chunks, so two workers really run (the question is pickled)
    assert list(portfolio.answers(demo, question, ids, workers=2, chunk=2)) == here
    cells = sorted((c for _, (_, account) in here for c in account),
                   key=lambda c: (-c["score"], *_key(c)))
    assert cells == _expected_cells(demo)


# The portfolio's orders written out in Python: the oracle for the server-side paging.
ORDERS = {
    "name": lambda r: (str(r["name"]).lower(), r["id"]),
    "class": lambda r: (r["strategic_class"], r["id"]),
    "engaged": lambda r: (r["engaged"], r["id"]),
    "coverage": lambda r: (r["influence_coverage"], r["id"]),
    "open": lambda r: (r["open_opportunities"], r["open_amount"], r["id"]),
    "whitespace": lambda r: (r["whitespace"], r["id"]),
    "last_touch": lambda r: (r["last_touch"] or date.min, r["id"]),
    "audit": lambda r: (r["audit_score"], r["id"]),
    "id": lambda r: (r["id"],),
    "gaps": lambda r: (0 if r["no_one_mapped"] else 1, r["id"]),
}
FLAGS = {
    "single_threaded": lambda r: r["single_threaded"],
    "single_rep": lambda r: r["single_rep"],
    "at_risk": lambda r: r["single_threaded"] or r["single_rep"] or r["no_one_mapped"],
    "no_one_mapped": lambda r: r["no_one_mapped"],
}


def test_every_order_and_filter_of_a_page_matches_python(demo):
    rows = list(_rows(demo).values())
    assert set(ORDERS) == set(summaries.PAGE_SORTS) and set(FLAGS) == set(summaries.PAGE_FLAGS)
    for sort, key in ORDERS.items():
        for desc in (False, True):
            expected = [r["id"] for r in sorted(rows, key=key, reverse=desc)]
            for skip, limit in ((0, 7), (2, 3), (6, 5)):
                found = summaries.summary_page(demo, as_of=AS_OF, sort=sort, desc=desc,
                                               skip=skip, limit=limit)
                assert found["total"] == 7
                assert [r["id"] for r in found["rows"]] == expected[skip:skip + limit], \
                    (sort, desc, skip)
    for flag, keep in FLAGS.items():
        found = summaries.summary_page(demo, as_of=AS_OF, flag=flag, limit=50)
        assert [r["id"] for r in found["rows"]] == sorted(
            (r["id"] for r in rows if keep(r)), key=lambda i: (_rows(demo)[i]["name"].lower(), i))
        assert found["total"] == sum(1 for r in rows if keep(r))
    klass = rows[0]["strategic_class"]
    found = summaries.summary_page(demo, as_of=AS_OF, strategic_class=klass, sort="id")
    assert [r["id"] for r in found["rows"]] == sorted(
        r["id"] for r in rows if r["strategic_class"] == klass)
    needle = rows[0]["industry"][:4].upper()  # case does not matter
    found = summaries.summary_page(demo, as_of=AS_OF, search=f"  {needle} ", sort="id")
    assert [r["id"] for r in found["rows"]] == sorted(
        r["id"] for r in rows if any(needle.lower() in str(r[k] or "").lower()
                                     for k in ("id", "name", "industry", "region")))
    with pytest.raises(ValueError):
        summaries.summary_page(demo, as_of=AS_OF, sort="name; DROP")


def test_page_rows_are_the_stored_rows_and_bands_count_every_match(demo):
    rows = _rows(demo)
    found = summaries.summary_page(demo, as_of=AS_OF, sort="id", limit=50, band_ids=2,
                                   bands=((0.0, 0.5), (0.5, 1.0)))
    assert {r["id"]: r for r in found["rows"]} == rows
    low = sorted(i for i, r in rows.items() if r["influence_coverage"] < 0.5)
    high = sorted(i for i, r in rows.items() if r["influence_coverage"] >= 0.5)
    assert [b["count"] for b in found["bands"]] == [len(low), len(high)]
    assert [b["ids"] for b in found["bands"]] == [low[:2], high[:2]]


def test_a_summary_refreshed_for_another_date_is_not_taken_for_fresh(demo):
    assert summaries.up_to_date(demo, as_of=AS_OF) == 7
    summaries.refresh(demo, ["ferrox"], as_of=date(2027, 1, 1))  # over today's row
    assert summaries.up_to_date(demo, as_of=AS_OF) == 1
    assert summaries.summary_page(demo, as_of=AS_OF, limit=50)["total"] == 7


def test_a_write_during_a_refresh_keeps_the_portfolio_unfresh(demo, monkeypatch):
    """A forget between reading the change counter and marking the portfolio fresh
    leaves it unmarked: the next read looks for what is missing again."""
    real_refresh = summaries.refresh

    def refresh_then_write(*args, **kwargs):
        rows = real_refresh(*args, **kwargs)
        summaries.forget(demo, ["ferrox"])  # another user's write, mid-way
        return rows

    monkeypatch.setattr(summaries, "refresh", refresh_then_write)
    assert summaries.up_to_date(demo, as_of=AS_OF) == 7
    monkeypatch.setattr(summaries, "refresh", real_refresh)
    assert summaries.up_to_date(demo, as_of=AS_OF) == 1


def test_up_to_date_computes_only_what_is_missing(demo):
    assert summaries.up_to_date(demo, as_of=AS_OF) == 7
    assert summaries.up_to_date(demo, as_of=AS_OF) == 0
    services.set_role(demo, RoleAssignment(person_id="ferrox-p-010", role="influencer"))
    assert summaries.up_to_date(demo, as_of=AS_OF) == 1
    assert summaries.up_to_date(demo, as_of=date(2027, 1, 1)) == 7


def test_stale_and_catch_up_split_up_to_date_with_progress(demo):
    found = summaries.stale(demo, as_of=AS_OF)
    assert found is not None and found.ids == services.account_ids(demo)
    seen: list[int] = []
    assert summaries.catch_up(demo, found, as_of=AS_OF, progress=seen.append) == 7
    assert sum(seen) == 7  # every account analysed is reported
    assert summaries.stale(demo, as_of=AS_OF) is None  # marked fresh: one look-up
    _tamper(demo, "ferrox", 999)
    # everything=True: every account again, even though none is missing
    every = summaries.stale(demo, as_of=AS_OF, everything=True)
    assert every is not None and every.ids == services.account_ids(demo)
    assert summaries.catch_up(demo, every, as_of=AS_OF) == 7
    assert _rows(demo)["ferrox"]["engaged"] != 999


def test_the_summaries_command_computes_what_the_pages_read(demo, cli_env):
    import json

    from click.testing import CliRunner

    from graphprofile.cli import main

    def run(*args: str) -> dict:
        result = CliRunner().invoke(main, ["summaries", *args, "--json"], env=cli_env)
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    assert run("--as-of", "2026-11-23") == {"as_of": "2026-11-23", "computed": 7,
                                           "accounts": 7}
    assert _stored_count(demo) == 7
    # What a page asks next finds nothing to compute...
    assert summaries.up_to_date(demo, as_of=AS_OF) == 0
    assert run("--as-of", "2026-11-23")["computed"] == 0
    # ...and a write, or --all, has the command compute again.
    services.set_role(demo, RoleAssignment(person_id="ferrox-p-010", role="influencer"))
    assert run("--as-of", "2026-11-23")["computed"] == 1
    _tamper(demo, "ferrox", 999)
    assert run("--all", "--as-of", "2026-11-23")["computed"] == 7
    assert _rows(demo)["ferrox"]["engaged"] == 6
    bad = CliRunner().invoke(main, ["summaries", "--as-of", "23/11/2026"], env=cli_env)
    assert bad.exit_code != 0 and "--as-of must be an ISO date" in bad.output
