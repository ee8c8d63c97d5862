"""Follow-ups on the web: the JSON API (keys as ``graphprofile follow-ups --json``), the
Follow-ups screen and the opportunity page's progress, in a real browser too.

Besides the demo portfolio, the tests that need known answers import a hand-built
account, Zenith, twice with dated stages: the demo may grow without changing them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from graphprofile.services import import_bundle
from graphprofile.services.followups import follow_ups

# The live server and browser of the explorer's browser tests.
from tests.web.test_browser import base_url, browser, page, server_url  # noqa: F401

AS_OF = date(2026, 11, 23)

ZENITH = {
    "companies": [{"id": "zenith", "name": "Zenith Freight", "industry": "logistics"}],
    "colleagues": [{"id": "c-zed", "name": "Zed Coleman", "function": "sales"}],
    "people": [{"id": "zen-p-1", "company_id": "zenith", "name": "Zora Quint"},
               {"id": "zen-p-2", "company_id": "zenith", "name": "Ames Lowe"},
               {"id": "zen-p-3", "company_id": "zenith", "name": "Ivo Brandt"}],
    "opportunities": [{"id": "zen-o-1", "company_id": "zenith", "name": "Zenith Platform",
                       "stage": "lead", "created": "2026-08-01"}],
    "roles": [{"person_id": "zen-p-1", "role": "decision_maker", "opportunity_id": "zen-o-1"},
              {"person_id": "zen-p-2", "role": "economic_buyer", "opportunity_id": "zen-o-1"},
              {"person_id": "zen-p-3", "role": "champion", "opportunity_id": "zen-o-1"}],
    "interactions": [
        {"id": "zen-i-1", "date": "2026-10-09", "colleague_id": "c-zed", "person_id": "zen-p-2",
         "type": "meeting", "opportunity_id": "zen-o-1", "summary": "budget for 2027"},
        {"id": "zen-i-2", "date": "2026-11-20", "colleague_id": "c-zed", "person_id": "zen-p-3",
         "type": "call", "opportunity_id": "zen-o-1"}],
}


@pytest.fixture
def zenith(fresh_demo_store, tmp_path: Path):
    """The demo plus Zenith: its deal a lead when first imported (09-01), qualified by
    the import of 10-01. Lead 08-01 .. 10-01 = 31 + 30 = 61 days; qualified 53 so far."""
    first = tmp_path / "zenith-1.json"
    first.write_text(json.dumps(ZENITH), encoding="utf-8")
    import_bundle(fresh_demo_store, first, on=date(2026, 9, 1))
    bundle = json.loads(json.dumps(ZENITH))
    bundle["opportunities"][0]["stage"] = "qualified"
    second = tmp_path / "zenith-2.json"
    second.write_text(json.dumps(bundle), encoding="utf-8")
    import_bundle(fresh_demo_store, second, on=date(2026, 10, 1))
    return fresh_demo_store


def test_api_has_the_cli_keys_on_the_demo(client, demo_store):
    data = client.get("/api/follow-ups").get_json()
    assert list(data) == ["as_of", "cadence_days", "opportunities", "alerts", "velocity"]
    assert data == follow_ups(demo_store, as_of=AS_OF)
    assert (data["as_of"], data["cadence_days"]) == ("2026-11-23", 30)
    assert [v["stage"] for v in data["velocity"]] == ["lead", "qualified", "proposal",
                                                      "negotiation"]
    ids = [(o["company_id"], o["opportunity_id"]) for o in data["opportunities"]]
    assert ids == sorted(ids) and ids
    assert all(a["role"] in ("decision_maker", "economic_buyer") for a in data["alerts"])
    hartwell = client.get("/api/follow-ups?company=hartwell&cadence=90").get_json()
    assert hartwell["cadence_days"] == 90
    assert {o["company_id"] for o in hartwell["opportunities"]} == {"hartwell"}


@pytest.mark.parametrize(("query", "status", "words"), [
    ("company=nobody", 404, "nobody"), ("opportunity=nothing", 404, "nothing"),
    ("company=ferrox&opportunity=hartwell-o-1", 400, "hartwell-o-1"),
    ("cadence=0", 400, "cadence"), ("cadence=soon", 400, "cadence"),
    ("as_of=23.11.2026", 400, "as-of"),
])
def test_api_refuses_bad_input(client, query, status, words):
    answer = client.get(f"/api/follow-ups?{query}")
    assert answer.status_code == status and words in answer.get_json()["error"]


def test_api_on_a_hand_built_account(client, zenith):
    data = client.get("/api/follow-ups?company=zenith").get_json()
    (deal,) = data["opportunities"]
    assert deal["stage_history"] == [
        {"stage": "lead", "since": "2026-08-01", "until": "2026-10-01", "days": 61},
        {"stage": "qualified", "since": "2026-10-01", "until": None, "days": 53}]
    assert [f["interaction_id"] for f in deal["follow_ups"]] == ["zen-i-1", "zen-i-2"]
    # zen-p-1 never touched; zen-p-2 last met 10-09: 22 + 23 = 45 days; the champion
    # needs no alert.
    assert [(a["person_id"], a["days_since"]) for a in data["alerts"]] == [
        ("zen-p-1", None), ("zen-p-2", 45)]
    assert data["velocity"][0] == {"stage": "lead", "median_days": 61.0, "opportunities": 1}
    relaxed = client.get("/api/follow-ups?company=zenith&cadence=60").get_json()
    assert [a["person_id"] for a in relaxed["alerts"]] == ["zen-p-1"]


def test_the_opportunity_page_shows_its_progress(client, zenith):
    html = client.get("/opportunities/zen-o-1").get_data(as_text=True)
    assert "Procurement progress" in html
    assert "since 2026-08-01 until 2026-10-01 · 61 days" in html
    assert "since 2026-10-01 · 53 days so far" in html
    assert "Zora Quint</a> (decision maker): never touched." in html
    assert "/follow-ups?opportunity=zen-o-1" in html


def test_the_screen_in_a_browser(page, base_url, zenith):  # noqa: F811
    page.goto(f"{base_url}/")
    page.get_by_role("link", name="Follow-ups").click()
    page.wait_for_url("**/follow-ups**")
    assert page.locator("#alerts tbody tr[data-person]").count() == len(
        follow_ups(zenith, as_of=AS_OF)["alerts"])
    page.select_option("select[name=company]", "zenith")
    page.click("#follow-up-filters button[type=submit]")
    page.wait_for_url("**company=zenith**")
    alerts = page.locator("#alerts tbody tr[data-person]")
    assert [alerts.nth(i).get_attribute("data-person") for i in range(alerts.count())] == [
        "zen-p-1", "zen-p-2"]
    assert "never" in alerts.nth(0).inner_text()
    assert "45 days" in alerts.nth(1).inner_text()
    lead = page.locator("#velocity tr[data-stage=lead]").inner_text()
    assert "61" in lead and lead.split()[-1] == "1"
    timeline = page.locator("section.timeline[data-opportunity=zen-o-1]")
    stages = timeline.locator("ol.stages li")
    assert [stages.nth(i).get_attribute("data-stage") for i in range(stages.count())] == [
        "lead", "qualified"]
    assert timeline.locator("ul.follow-ups li[data-interaction]").count() == 2
    # A longer cadence: only the never touched decision maker is still overdue.
    page.fill("#follow-up-filters input[name=cadence]", "60")
    page.click("#follow-up-filters button[type=submit]")
    page.wait_for_url("**cadence=60**")
    assert page.locator("#overdue-count").inner_text() == "1"
    assert alerts.first.get_attribute("data-person") == "zen-p-1"
    timeline.get_by_role("link", name="Zenith Platform").click()
    page.wait_for_url("**/opportunities/zen-o-1**")
    assert page.locator("#progress ol.stages li").count() == 2
    assert page.console_errors == []
