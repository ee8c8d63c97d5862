"""The JSON API and the HTML pages through Flask's test client, against the real store."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from neo4j import GraphDatabase

from graphprofile.store import Store
from web import create_app

AS_OF = "2026-11-23"
GRAPHPROFILE = [sys.executable, "-m", "graphprofile.cli"]

# (API path, the CLI arguments that print the same JSON)
MIRRORS = [
    (f"/api/accounts/hartwell/influence?as_of={AS_OF}", ["influence", "hartwell"]),
    (f"/api/gaps?company=hartwell-am&as_of={AS_OF}", ["gaps", "--company", "hartwell-am"]),
    (f"/api/gaps?as_of={AS_OF}", ["gaps"]),
    (f"/api/colleagues/c-tomas/rep-risk?as_of={AS_OF}", ["rep-risk", "c-tomas"]),
    (f"/api/people/transvia-p-002/paths?as_of={AS_OF}", ["path", "transvia-p-002"]),
    (f"/api/people/hartwell-p-002/paths?from=c-aiko&k=2&as_of={AS_OF}",
     ["path", "hartwell-p-002", "--from", "c-aiko", "-k", "2"]),
    (f"/api/accounts/meridian/whitespace?as_of={AS_OF}", ["whitespace", "meridian"]),
    (f"/api/accounts/cloudnest/audit?as_of={AS_OF}", ["audit", "cloudnest"]),
]


def _cli(cli_env: dict[str, str], args: list[str]) -> object:
    done = subprocess.run([*GRAPHPROFILE, *args, "--as-of", AS_OF, "--json"], env=cli_env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize(("path", "args"), MIRRORS, ids=[m[1][0] for m in MIRRORS])
def test_api_mirrors_cli_json(client, cli_env, path, args):
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    api, cli = response.get_json(), _cli(cli_env, args)
    assert api == cli
    assert list(api) == list(cli)  # same keys in the same order


def test_api_answers_the_demo_scenarios(client):
    gaps = client.get(f"/api/gaps?company=hartwell-am&as_of={AS_OF}").get_json()
    assert gaps["companies"][0]["single_threaded"] is True
    risk = client.get(f"/api/colleagues/c-tomas/rep-risk?as_of={AS_OF}").get_json()
    assert "mediva" in risk["dark"]
    audit = client.get(f"/api/accounts/cloudnest/audit?as_of={AS_OF}").get_json()
    assert audit["answers"]["roles"] is True and audit["answers"]["classification"] is False


@pytest.mark.parametrize("path", [
    "/api/accounts/nope/influence", "/api/gaps?company=nope", "/api/colleagues/nope/rep-risk",
    "/api/people/nope/paths", "/api/people/hartwell-p-002/paths?from=nope",
    "/api/accounts/nope/whitespace", "/api/accounts/nope/audit",
])
def test_api_unknown_id_is_404_json(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "nope" in response.get_json()["error"]


@pytest.mark.parametrize("path", [
    "/api/accounts/hartwell/audit?as_of=2026-13-45", "/api/gaps?as_of=yesterday",
    "/api/accounts/hartwell/whitespace?as_of=x", "/api/colleagues/c-tomas/rep-risk?as_of=1",
    "/api/accounts/hartwell/influence?as_of=bad", "/api/people/hartwell-p-002/paths?k=0",
])
def test_api_bad_input_is_400_json(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert response.get_json()["error"]


@pytest.mark.parametrize("path", ["/accounts/nope", "/people/nope", "/opportunities/nope",
                                  "/accounts/nope/people/new"])
def test_unknown_id_is_a_friendly_404_page(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    text = response.get_data(as_text=True)
    assert "Not found" in text and "nope" in text and "Traceback" not in text


@pytest.mark.parametrize("path", ["/?as_of=not-a-date", "/?sort=drop_table", "/?page=x",
                                  "/cross-sell?status=bogus", "/?class=nope"])
def test_bad_page_query_is_400_page(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert response.mimetype == "text/html"


def test_store_down_is_503_html_and_json():
    driver = GraphDatabase.driver("bolt://127.0.0.1:9", auth=("neo4j", "x"),
                                  connection_timeout=1, max_transaction_retry_time=0)
    app = create_app(Store(driver, "neo4j", "bolt://127.0.0.1:9"),
                     {"TESTING": True, "SINGLE_USER": True})
    try:
        client = app.test_client()
        page = client.get("/")
        assert page.status_code == 503
        assert "unavailable" in page.get_data(as_text=True)
        api = client.get("/api/accounts/hartwell/audit")
        assert api.status_code == 503
        assert "unavailable" in api.get_json()["error"]
    finally:
        driver.close()


def test_portfolio_lists_sorts_filters_and_pages(client):
    page = client.get("/").get_data(as_text=True)
    ids = re.findall(r'data-account="([^"]+)"', page)
    assert sorted(ids) == ["cloudnest", "ferrox", "hartwell", "hartwell-am", "mediva",
                           "meridian", "transvia"]
    by_engaged = client.get("/?sort=engaged&dir=desc").get_data(as_text=True)
    assert re.findall(r'data-account="([^"]+)"', by_engaged)[0] == "hartwell"
    risky = client.get("/?flag=single_threaded").get_data(as_text=True)
    assert sorted(re.findall(r'data-account="([^"]+)"', risky)) == ["cloudnest", "hartwell-am"]
    found = client.get("/?q=logist").get_data(as_text=True)
    assert re.findall(r'data-account="([^"]+)"', found) == ["transvia"]
    paged = client.get("/?per_page=3&page=3").get_data(as_text=True)
    assert len(re.findall(r'data-account="', paged)) == 1


@pytest.mark.parametrize("path", ["/accounts/hartwell", "/people/hartwell-p-002",
                                  "/people/hartwell-p-002?partial=1",
                                  "/opportunities/transvia-o-1", "/gaps",
                                  "/gaps?colleague=c-tomas", "/cross-sell",
                                  "/cross-sell?status=whitespace&product=prod-bi",
                                  "/accounts/hartwell/people/new"])
def test_pages_render(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_account_page_carries_the_chart_and_whitespace_grid(client):
    text = client.get("/accounts/transvia").get_data(as_text=True)
    assert 'data-node-count="' in text
    assert '<script type="application/json" id="orgchart-data">' in text
    assert 'data-department="transvia-d-fin" data-product="prod-bi" data-status="whitespace"' \
        in text
    assert "Ingrid Solberg" in text  # the unknown economic buyer is called out


def test_gaps_what_if_shows_dark_accounts(client):
    text = client.get("/gaps?colleague=c-tomas").get_data(as_text=True)
    assert "goes dark" in text and "Mediva Health Group" in text


def test_post_without_csrf_token_is_refused(client):
    response = client.post("/accounts/hartwell/people", data={"name": "Mallory"})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)
    wrong = client.post("/accounts/hartwell/people",
                        data={"name": "Mallory", "csrf_token": "guess"})
    assert wrong.status_code == 400


def _token(client, company_id: str) -> str:
    form = client.get(f"/accounts/{company_id}/people/new").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)


def test_add_person_form_validates_inline(client):
    token = _token(client, "hartwell")
    response = client.post("/accounts/hartwell/people", data={
        "csrf_token": token, "name": "", "seniority": "emperor",
        "department_id": "ferrox-d-fin"})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Please correct the highlighted fields" in text
    assert 'class="error"' in text
    other = client.post("/accounts/hartwell/people", data={
        "csrf_token": token, "name": "Valid Name", "department_id": "ferrox-d-fin"})
    assert other.status_code == 400
    assert "belongs to company &#39;ferrox&#39;" in other.get_data(as_text=True)


@pytest.mark.usefixtures("fresh_demo_store")
def test_add_person_form_stores_the_person_escaped(client):
    token = _token(client, "cloudnest")
    name = "<img src=x onerror=alert(1)> Zoë"
    response = client.post("/accounts/cloudnest/people", data={
        "csrf_token": token, "name": name, "title": "VP <b>Bold</b>",
        "department_id": "", "reports_to": "cloudnest-p-001", "seniority": "vp"})
    assert response.status_code == 303
    profile = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "&lt;img src=x onerror=alert(1)&gt; Zoë" in profile
    assert "<img src=x" not in profile
    chart = client.get("/accounts/cloudnest").get_data(as_text=True)
    assert "<img src=x" not in chart
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in chart


def test_opportunity_page_shows_the_warm_path_to_the_unengaged_decision_maker(client):
    """The CFO (economic buyer on transvia-o-1) is unengaged; the page names the best
    chain to her, the same as `graphprofile path transvia-p-002` (c-tomas via the COO
    and the CEO: 0.432 as recorded, 0.389 with Tomas's line to the COO decayed)."""
    text = client.get(f"/opportunities/transvia-o-1?as_of={AS_OF}").get_data(as_text=True)
    alert = text[text.index('class="card alert"'):text.index("Buying committee")]
    assert "Ingrid Solberg" in alert
    assert "Best warm path" in alert and "0.39" in alert
    assert "Karim Farouk" in alert and "Joost van Dijkhuizen" in alert


def test_portfolio_chart_bands_count_every_account(client):
    """The coverage chart puts each account in one fifth of influence coverage; the
    demo's gaps (as of 2026-11-23) give: cloudnest 8 %, hartwell-am 10 %, mediva 11 %,
    meridian 19.8 % (0-20 %); transvia 23 %, ferrox 28 %, hartwell 32 % (20-40 %)."""
    text = client.get(f"/?as_of={AS_OF}").get_data(as_text=True)
    bands = dict(re.findall(r'data-band="([^"]+)" data-count="(\d+)"', text))
    assert bands == {"0%–20%": "4", "20%–40%": "3", "40%–60%": "0", "60%–80%": "0",
                     "80%–100%": "0"}
