"""The ideal customer profile, fit and persona: the JSON API (keys as the CLI's --json)
and the page in a real browser, saving an edited profile."""

from __future__ import annotations

from graphprofile.services import profiling

# The live server and browser of the explorer's browser tests.
from tests.web.test_browser import base_url, browser, page, server_url  # noqa: F401


def test_api_icp_has_the_cli_keys_and_takes_a_best_list(client, demo_store):
    data = client.get("/api/icp").get_json()
    assert {"best", "metrics", "traits", "card"} <= data.keys()
    assert data == profiling.ideal_profile(demo_store)
    assert data["source"] == "computed" and data["best"]
    given = client.get("/api/icp?best=transvia,ferrox").get_json()
    assert given["best"] == ["transvia", "ferrox"] and given["source"] == "given"
    bad = client.get("/api/icp?best=nope")
    assert bad.status_code == 400 and "nope" in bad.get_json()["error"]


def test_api_fit_and_persona(client, demo_store):
    fit = client.get("/api/fit").get_json()
    assert fit == profiling.fit(demo_store)
    scores = [r["score"] for r in fit["companies"]]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
    one = client.get("/api/fit?company=hartwell").get_json()["companies"]
    assert [r["company_id"] for r in one] == ["hartwell"]
    assert client.get("/api/fit?company=nope").status_code == 404
    personas = client.get("/api/persona").get_json()["personas"]
    assert [p["role"] for p in personas] == ["decision_maker", "economic_buyer"]
    keys = {"name", "title", "department", "seniority", "function", "kpis", "goals",
            "obstacles", "decides_with", "channels", "story"}
    assert all(keys <= p.keys() for p in personas)


def test_api_saves_an_edited_profile_for_fit_and_persona(client, fresh_demo_store):
    client.get("/profile")  # the page starts the session and its CSRF token
    token = _token(client)
    saved = client.post("/api/icp", json={"best": ["transvia", "ferrox"], "card": "Ours."},
                        headers={"X-CSRF-Token": token})
    assert saved.status_code == 200, saved.get_data(as_text=True)
    assert saved.get_json()["source"] == "saved"
    again = client.get("/api/icp").get_json()
    assert (again["best"], again["card"]) == (["transvia", "ferrox"], "Ours.")
    assert client.get("/api/persona").get_json()["best"] == ["transvia", "ferrox"]
    refused = client.post("/api/icp", json={"best": "transvia"},
                          headers={"X-CSRF-Token": token})
    assert refused.status_code == 400


def _token(client) -> str:
    with client.session_transaction() as session:
        return session["csrf_token"]


def test_the_page_shows_the_profile_and_saves_an_edit(page, base_url,  # noqa: F811
                                                      fresh_demo_store):
    page.goto(f"{base_url}/profile")
    computed = profiling.ideal_profile(fresh_demo_store)
    rows = page.locator("#best tbody tr[data-company]")
    assert [rows.nth(i).get_attribute("data-company") for i in range(rows.count())] == \
        computed["best"]
    assert page.locator("#icp-card").inner_text().strip() == computed["card"]
    assert page.locator("article.persona").count() == 2
    assert page.locator("#fit tbody tr").count() == len(profiling.fit(fresh_demo_store)[
        "companies"])
    page.fill("#best-ids", "transvia, ferrox")
    page.fill("#card-text", "Logistics and industry <b>leaders</b>.")
    page.click("#save-icp button[type=submit]")
    page.wait_for_selector("#saved-note")
    assert page.locator("#icp-card").inner_text() == "Logistics and industry <b>leaders</b>."
    rows = page.locator("#best tbody tr[data-company]")
    assert [rows.nth(i).get_attribute("data-company") for i in range(rows.count())] == [
        "transvia", "ferrox"]
    assert profiling.ideal_profile(fresh_demo_store)["source"] == "saved"
    assert page.console_errors == []
