"""Changes, champion moves and upsell signals: the JSON API (keys as the CLI's --json)
and the screens in a real browser, on the demo loaded with its import history."""

from __future__ import annotations

from graphprofile.services import history

# The live server and browser of the explorer's browser tests.
from tests.web.test_browser import base_url, browser, page, server_url  # noqa: F401


def test_api_changes_moves_and_signals_match_the_services(client, demo_store):
    changes = client.get("/api/changes/transvia").get_json()
    assert changes == history.company_changes(demo_store, "transvia")
    assert set(changes) == {"company_id", "changes"}
    assert all(set(c) == {"date", "kind", "record_id", "before", "after"}
               for c in changes["changes"])
    assert "revenue_changed" in {c["kind"] for c in changes["changes"]}
    later = client.get("/api/changes/transvia?since=2026-09-01").get_json()["changes"]
    assert later and all(c["date"] >= "2026-09-01" for c in later)
    moves = client.get("/api/moves").get_json()
    assert moves == history.moves(demo_store)
    keys = {"person_id", "from_company_id", "to_company_id", "role_before", "relationships"}
    assert moves["moves"] and all(keys <= m.keys() for m in moves["moves"])
    assert [m["person_id"] for m in client.get("/api/moves?company=cloudnest").get_json()[
        "moves"]] == ["cloudnest-p-004"]
    signals = client.get("/api/signals").get_json()
    assert signals == history.signals(demo_store)
    strict = client.get("/api/signals?revenue_growth=0.5&headcount_growth=0.5").get_json()
    assert len(strict["signals"]) < len(signals["signals"])


def test_api_refuses_bad_input(client, demo_store):
    assert client.get("/api/changes/nobody").status_code == 404
    bad = client.get("/api/changes/transvia?since=yesterday")
    assert bad.status_code == 400 and "since" in bad.get_json()["error"]
    assert client.get("/api/signals?revenue_growth=-1").status_code == 400
    assert client.get("/api/moves?company=nobody").status_code == 404


def test_account_and_portfolio_pages_show_the_history(client, demo_store):
    account = client.get("/accounts/cloudnest").get_data(as_text=True)
    assert 'id="account-changes"' in account and 'id="moved-here"' in account
    assert 'data-person="cloudnest-p-004"' in account
    portfolio = client.get("/").get_data(as_text=True)
    assert 'id="portfolio-moves"' in portfolio and 'data-person="cloudnest-p-004"' in portfolio


def test_the_changes_screens_in_a_browser(page, base_url, demo_store):  # noqa: F811
    page.goto(f"{base_url}/changes")
    moved = page.locator("#moves tbody tr[data-person]")
    assert sorted(moved.nth(i).get_attribute("data-person") for i in range(moved.count())) == \
        sorted(m["person_id"] for m in history.moves(demo_store)["moves"])
    priya = page.locator('#moves tr[data-person="cloudnest-p-004"]')
    assert "champion" in priya.inner_text() and "meridian" in priya.inner_text()
    growth = page.locator('#signals tr[data-company="transvia"][data-signal="revenue_growth"]')
    assert "+17%" in growth.inner_text()
    growth.locator("a").first.click()
    page.wait_for_selector("#changes")
    assert page.url.endswith("/changes/transvia")
    kinds = page.locator("#changes tbody tr[data-kind]")
    assert kinds.count() == len(history.company_changes(demo_store, "transvia")["changes"])
    page.fill("#since", "2026-09-01")
    page.click("form.inline button[type=submit]")
    page.wait_for_url("**since=2026-09-01**")
    dates = page.locator("#changes tbody tr[data-kind] td:first-child").all_inner_texts()
    assert dates and all(d >= "2026-09-01" for d in dates)
    assert page.console_errors == []
