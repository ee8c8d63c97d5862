"""Interviews and cross-checked data on the web: the JSON API (keys as the CLI's --json),
the interview screen's form, the sources on the person and account pages, and the whole
flow in a real browser."""

from __future__ import annotations

import re

from graphprofile.services import cross_checks, interviews

# The live server and browser of the explorer's browser tests.
from tests.web.test_browser import base_url, browser, page, server_url  # noqa: F401

CIO = "mediva-p-003"  # Mediva's CIO: KPIs recorded, no goals; Mediva has no cross-records
AS_OF = "2026-11-23"


def _token(client) -> str:
    client.get(f"/people/{CIO}")  # a page with forms starts the session and its token
    with client.session_transaction() as session:
        return session["csrf_token"]


def _fields(data) -> dict:
    return {f["field"]: f for f in data["fields"]}


def test_api_questions_have_the_cli_keys(client):
    data = client.get("/api/interview/questions?topic=decision_maker").get_json()
    assert data == interviews.questions("decision_maker")
    assert {"id", "topic", "question", "goal", "field"} <= data["questions"][0].keys()
    assert not any(q["sensitive"] for q in data["questions"])
    assert "kpis" in {q["field"] for q in data["infer"]}
    assert "kpis" not in {q["field"] for q in data["questions"]}
    every = client.get("/api/interview/questions").get_json()
    assert {q["topic"] for q in every["questions"]} == {"industry", "customer",
                                                        "decision_maker"}
    bad = client.get("/api/interview/questions?topic=weather")
    assert bad.status_code == 400 and "weather" in bad.get_json()["error"]


def test_api_records_an_answer_lists_it_and_shows_its_source(client, fresh_demo_store):
    token = _token(client)
    posted = client.post("/api/interview/answers", headers={"X-CSRF-Token": token}, json={
        "person": CIO, "question": "dm-goals", "answer": "a service desk by spring",
        "date": "2026-11-10", "by": "c-lena"})
    assert posted.status_code == 200, posted.get_data(as_text=True)
    answer = posted.get_json()
    assert (answer["field"], answer["value"], answer["source"], answer["date"], answer["by"]) \
        == ("goals", "a service desk by spring", "interview", "2026-11-10", "c-lena")
    listed = client.get(f"/api/interview/answers?person={CIO}").get_json()
    assert listed == interviews.answers(fresh_demo_store, "person", CIO)
    assert [a["id"] for a in listed["answers"]] == [answer["id"]]
    sources = client.get(f"/api/sources?person={CIO}").get_json()
    assert sources == cross_checks.sources(fresh_demo_store, "person", CIO)
    assert _fields(sources)["goals"] == {
        "field": "goals", "value": "a service desk by spring", "source": "interview",
        "date": "2026-11-10", "confirmed": True, "confirmed_by": ["interview"],
        "by": "c-lena"}
    assert _fields(sources)["kpis"]["source"] == "import"


def test_api_refuses_bad_answers_and_requests_writing_nothing(client, fresh_demo_store):
    token = _token(client)
    bad = client.post("/api/interview/answers", headers={"X-CSRF-Token": token}, json={
        "company": "cloudnest", "question": "ind-rank", "answer": "0"})
    assert bad.status_code == 400
    assert bad.get_json()["error"].startswith("industry_rank: Input should be greater")
    assert bad.get_json()["problems"][0]["column"] == "industry_rank"
    for body in ({"company": "cloudnest", "person": CIO, "question": "ind-rank",
                  "answer": "2"}, {"question": "ind-rank", "answer": "2"},
                 {"company": "cloudnest", "question": "ind-rank", "answer": 2}):
        assert client.post("/api/interview/answers", headers={"X-CSRF-Token": token},
                           json=body).status_code == 400
    no_token = client.post("/api/interview/answers", json={
        "company": "cloudnest", "question": "ind-rank", "answer": "2"})
    assert no_token.status_code == 400 and "CSRF" in no_token.get_json()["error"]
    assert client.get("/api/interview/answers?company=cloudnest").get_json()["answers"] == []
    assert client.get("/api/sources?company=nope").status_code == 404


def test_api_confirmation_counts_in_the_audit(client, fresh_demo_store):
    before = client.get(f"/api/accounts/mediva/audit?as_of={AS_OF}").get_json()
    assert (before["answers"]["cross_records"], before["confirmations"]) == (False, 0)
    token = _token(client)
    confirmed = client.post("/api/confirmations", headers={"X-CSRF-Token": token}, json={
        "person": CIO, "field": "kpis", "by": "c-grace", "date": "2026-11-20"})
    assert confirmed.status_code == 200, confirmed.get_data(as_text=True)
    assert confirmed.get_json() == _fields(cross_checks.sources(
        fresh_demo_store, "person", CIO))["kpis"]
    assert confirmed.get_json()["confirmed_by"] == ["support"]
    after = client.get(f"/api/accounts/mediva/audit?as_of={AS_OF}").get_json()
    assert (after["answers"]["cross_records"], after["confirmations"]) == (True, 1)
    refused = client.post("/api/confirmations", headers={"X-CSRF-Token": token}, json={
        "person": CIO, "field": "kpis", "by": "c-jonas"})
    assert refused.status_code == 400 and "engineering" in refused.get_json()["error"]


def test_the_pages_show_each_fields_source_and_confirmed_mark(client, fresh_demo_store):
    cross_checks.confirm(fresh_demo_store, "company", "mediva", "culture", source="presales",
                         on=AS_OF)
    account = client.get("/accounts/mediva").get_data(as_text=True)
    assert 'id="field-sources"' in account and 'id="interview-company"' in account
    assert re.search(r'data-field="culture" data-source="import" data-confirmed="yes"',
                     account)
    assert re.search(r'data-field="strategy" data-source="import" data-confirmed="no"',
                     account)
    assert re.search(r'id="confirmation-count">1 confirmed field ', account)
    person = client.get(f"/people/{CIO}").get_data(as_text=True)
    assert re.search(r'data-field="kpis" data-source="import" data-confirmed="no"', person)
    assert 'id="interview-person"' in person and 'class="inline-form confirm-form"' in person


def test_the_interview_form_records_all_answers_or_none(client, fresh_demo_store):
    token = _token(client)
    screen = client.get(f"/people/{CIO}/interview").get_data(as_text=True)
    asked = re.search(r'id="ask".*?</section>', screen, re.S).group(0)
    inferred = re.search(r'id="infer".*?</section>', screen, re.S).group(0)
    assert 'name="answer-dm-goals"' in asked and "answer-dm-kpis" not in asked
    assert 'name="answer-dm-kpis"' in inferred and "Never put these to the customer" in inferred
    refused = client.post(f"/people/{CIO}/interview", data={
        "csrf_token": token, "answer-dm-goals": "a service desk", "answer-dm-function": "magic",
        "source": "interview", "date": AS_OF})
    assert refused.status_code == 400
    body = refused.get_data(as_text=True)
    assert "Nothing was recorded" in body and 'data-error-for="answer-dm-function"' in body
    assert "a service desk" in body  # what was typed stays on screen
    assert interviews.answers(fresh_demo_store, "person", CIO)["answers"] == []
    done = client.post(f"/people/{CIO}/interview", data={
        "csrf_token": token, "answer-dm-goals": "a service desk", "answer-dm-pains": "",
        "answer-dm-kpis": "uptime, backlog", "source": "presales", "date": "2026-11-02",
        "by": "c-david"})
    assert done.status_code == 303 and "saved=2" in done.headers["Location"]
    recorded = interviews.answers(fresh_demo_store, "person", CIO)["answers"]
    assert sorted((a["field"], a["source"], a["date"], a["by"]) for a in recorded) == [
        ("goals", "presales", "2026-11-02", "c-david"),
        ("kpis", "presales", "2026-11-02", "c-david")]


def test_the_interview_and_confirm_flow_in_a_browser(page, base_url,  # noqa: F811
                                                     fresh_demo_store):
    page.goto(f"{base_url}/people/{CIO}")
    assert page.locator('#field-sources tr[data-field="kpis"]').get_attribute(
        "data-confirmed") == "no"
    page.click("#interview-person")
    page.wait_for_selector("#interview-form")
    assert page.locator("#ask [data-question=dm-kpis]").count() == 0
    assert page.locator("#infer [data-question=dm-kpis]").count() == 1
    page.fill("#interview-form textarea[name=answer-dm-goals]", "a service desk by spring")
    page.select_option("#interview-form select[name=by]", "c-lena")
    page.click("#interview-form button[type=submit]")
    page.wait_for_selector("#saved-note")
    row = page.locator('#answer-list tr[data-question="dm-goals"]')
    assert "a service desk by spring" in row.inner_text() and "Nov 23, 2026" in row.inner_text()
    page.click("text=Back to the profile")
    page.wait_for_selector("#field-sources")
    goals = page.locator('#field-sources tr[data-field="goals"]')
    assert goals.get_attribute("data-source") == "interview"
    assert "✓ confirmed" in goals.inner_text()
    kpis = page.locator('#field-sources tr[data-field="kpis"]')
    kpis.locator("select[name=source]").select_option("support")
    kpis.locator("button[type=submit]").click()
    page.wait_for_selector('#field-sources tr[data-field="kpis"][data-confirmed="yes"]')
    assert "support" in page.locator('#field-sources tr[data-field="kpis"]').inner_text()
    page.goto(f"{base_url}/accounts/mediva")
    assert page.locator("#audit [data-question=cross_records]").get_attribute("class") == "yes"
    assert page.locator("#confirmation-count").inner_text().startswith("2 confirmed fields")
    assert page.console_errors == []
