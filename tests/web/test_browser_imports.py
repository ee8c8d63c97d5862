"""The import screen and the JSON API take a CRM export's .zip: the sample Salesforce
export uploaded in a real browser (Playwright driving /usr/bin/chromium) and through the
API, counted on the page and in the store; a broken export named in its own terms with
nothing written; unsafe archives refused."""

from __future__ import annotations

import io
import re
import threading
import zipfile
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from graphprofile.config import PROJECT_ROOT
from graphprofile.connectors import SHIPPED
from graphprofile.services.audit_log import audit_log
from graphprofile.store.records import stats
from web import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
AS_OF = "2026-11-23"
needs_browser = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")

SAMPLE = PROJECT_ROOT / "fixtures" / "salesforce"
# What the sample export imports (the README's worked example).
IMPORTED = {"colleagues": 6, "companies": 5, "departments": 19, "interactions": 7,
            "opportunities": 7, "people": 28, "relationships": 28, "roles": 11}
SKIPPED = {"AccountContactRelation.csv (people)": 2, "Contact.csv (departments)": 1,
           "Task.csv (interactions)": 2}
GONE = "0015g00000GONE1AAA"
# Contact.csv row 7 (contact C0006) names an account that is not in the export.
BAD_ROW = ('"0035g00000C0006AAA","false","0015g00000NORD1AAA"',
           f'"0035g00000C0006AAA","false","{GONE}"')


def sample_zip(folder: str = "", *, broken: bool = False,
               extra: dict[str, str] | None = None) -> bytes:
    """The sample export's CSV files zipped at the root or in ``folder``; with ``broken``,
    Contact.csv row 7 names an account that exists nowhere."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(SAMPLE.glob("*.csv")):
            text = path.read_text(encoding="utf-8")
            if broken and path.name == "Contact.csv":
                assert BAD_ROW[0] in text
                text = text.replace(*BAD_ROW, 1)
            zf.writestr(f"{folder}/{path.name}" if folder else path.name, text)
        for name, text in (extra or {}).items():
            zf.writestr(name, text)
    return buffer.getvalue()


def _grew(before: dict, after: dict) -> dict[str, int]:
    """Nodes per label the store gained."""
    return {label: n - before["nodes"].get(label, 0) for label, n in after["nodes"].items()
            if n != before["nodes"].get(label, 0)}


SAMPLE_NODES = {"Company": 5, "Department": 19, "Person": 28, "Colleague": 6,
                "Opportunity": 7, "Interaction": 7}


# --- in the browser -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def server_url(session_store):
    app = create_app(session_store, {"DEFAULT_AS_OF": AS_OF, "SECRET_KEY": "browser-import",
                                     "SINGLE_USER": True})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    yield page
    context.close()


def _upload(page, base_url: str, source: str, name: str, data: bytes) -> None:
    page.goto(f"{base_url}/import")
    page.select_option("#import-source", source)
    page.set_input_files("input[name=bundle]", files=[{
        "name": name, "mimeType": "application/zip", "buffer": data}])
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#import-result, #import-problems")


def _cells(page, table: str, key: str) -> dict[str, int]:
    return {row.get_attribute(key): int(row.locator("td.num").inner_text())
            for row in page.locator(f"{table} tbody tr").all()}


@needs_browser
def test_the_source_choice_lists_the_bundle_and_every_shipped_connector(page, server_url,
                                                                         demo_store):
    page.goto(f"{server_url}/import")
    values = page.locator("#import-source option").evaluate_all(
        "options => options.map(o => o.value)")
    assert values == ["bundle", *SHIPPED]
    assert page.locator("#import-source").input_value() == "bundle"
    label = page.locator("#import-source option[value=salesforce]").inner_text()
    assert label == "Salesforce export (.zip)"


@needs_browser
@pytest.mark.parametrize("folder", ["", "WE_00D5g000004ABCD_1"])
def test_a_salesforce_zip_imports_and_the_page_counts_it(page, server_url, fresh_demo_store,
                                                         folder):
    before = stats(fresh_demo_store)
    _upload(page, server_url, "salesforce", "WE_00D5g000004ABCD_1.zip", sample_zip(folder))
    assert page.locator("#import-problems").count() == 0
    heading = page.locator("#import-result h2").inner_text()
    assert heading == "Imported WE_00D5g000004ABCD_1.zip (Salesforce export): 111 rows"
    assert _cells(page, "#import-written", "data-file") == IMPORTED
    assert _cells(page, "#import-skipped", "data-skipped") == SKIPPED
    read = _cells(page, "#import-read", "data-source")
    assert read["Contact.csv"] == 28 and read["Account.csv"] == 5
    assert _grew(before, stats(fresh_demo_store)) == SAMPLE_NODES
    assert page.locator("#import-source").input_value() == "salesforce"  # kept for the next
    page.goto(f"{server_url}/accounts/0015g00000NORD1AAA")
    assert "Nordwind Logistics" in page.locator("h1").inner_text()
    assert page.console_errors == [] and page.dialogs == []


@needs_browser
def test_a_broken_export_names_contact_csv_row_and_column_and_writes_nothing(
        page, server_url, demo_store):
    before = stats(demo_store)
    _upload(page, server_url, "salesforce", "broken.zip", sample_zip(broken=True))
    assert page.locator("#import-result").count() == 0
    heading = page.locator("#import-problems h2").inner_text()
    assert heading.startswith("broken.zip: ") and heading.endswith("nothing was written")
    rows = [[cell.inner_text() for cell in row.locator("td").all()]
            for row in page.locator("#import-problems tbody tr").all()]
    assert ["Contact.csv", "7", "AccountId",
            f"no Account with id '{GONE}' in the export or the store"] in rows
    assert all(row[0] == "Contact.csv" and row[1] == "7" for row in rows)
    assert stats(demo_store) == before


@needs_browser
def test_an_unsafe_member_is_named_verbatim_and_nothing_runs(page, server_url, demo_store):
    evil = "../<img src=x onerror=alert(1)>.csv"
    before = stats(demo_store)
    _upload(page, server_url, "salesforce", "evil.zip", sample_zip(extra={evil: "x"}))
    [row] = page.locator("#import-problems tbody tr").all()
    assert row.locator("td").first.inner_text() == evil
    assert "unsafe path" in row.inner_text()
    assert page.locator("#import-problems img").count() == 0 and page.dialogs == []
    assert stats(demo_store) == before


# --- the JSON API -------------------------------------------------------------------------

def _token(client) -> str:
    page = client.get("/import").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _api(client, data: bytes, filename: str, source: str | None = "salesforce", *,
         token: str | None = None, in_query: bool = False):
    form = {"bundle": (io.BytesIO(data), filename)}
    url = "/api/import"
    if source is not None:
        if in_query:
            url += f"?source={source}"
        else:
            form["source"] = source
    return client.post(url, data=form, content_type="multipart/form-data",
                       headers={"X-CSRF-Token": _token(client) if token is None else token})


@pytest.mark.parametrize("in_query", [False, True])
def test_the_api_imports_a_salesforce_zip_as_the_cli_answers(client, fresh_demo_store,
                                                             in_query):
    before = stats(fresh_demo_store)
    response = _api(client, sample_zip("export"), "export.zip", in_query=in_query)
    assert response.status_code == 200, response.get_data(as_text=True)
    answer = response.get_json()
    assert list(answer) == ["imported", "total", "read", "skipped"]  # as `import --json`
    assert answer["imported"] == IMPORTED and answer["total"] == 111
    assert answer["skipped"] == SKIPPED and answer["read"]["Contact.csv"] == 28
    assert _grew(before, stats(fresh_demo_store)) == SAMPLE_NODES
    [entry] = [e for e in audit_log(fresh_demo_store) if e["target_id"] == "export.zip"]
    assert entry["target_kind"] == "salesforce export"


def test_the_api_without_a_source_takes_a_bundle(client, fresh_demo_store):
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as zf:
        zf.writestr("companies.csv", "id,name,industry\napi-co,Api Co,retail\n")
    response = _api(client, bundle.getvalue(), "bundle.zip", source=None)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json() == {"imported": {"companies": 1}, "total": 1}


def test_the_api_reports_a_broken_export_in_its_terms_and_writes_nothing(client, demo_store):
    before = stats(demo_store)
    response = _api(client, sample_zip(broken=True), "broken.zip")
    assert response.status_code == 400
    answer = response.get_json()
    assert answer["error"].startswith("invalid Salesforce export broken.zip: ")
    assert {"file": "Contact.csv", "row": 7, "column": "AccountId",
            "reason": f"no Account with id '{GONE}' in the export or the store"} in \
        answer["problems"]
    assert stats(demo_store) == before


@pytest.mark.parametrize(("data", "filename", "source", "file", "reason"), [
    (sample_zip(), "export.zip", "dynamics", "source", "unknown source 'dynamics'; one of "),
    (b"{}", "export.json", "salesforce", "export.json",
     "upload the Salesforce export as a .zip of its CSV files"),
    (b"not a zip", "export.zip", "salesforce", "export.zip",
     "cannot be read as a .zip archive"),
    (sample_zip(extra={"/etc/cron.d/evil.csv": "x"}), "export.zip", "salesforce",
     "/etc/cron.d/evil.csv", "unsafe path in the archive"),
    (sample_zip(extra={"Contact.csv.bak/../../x.csv": "x"}), "export.zip", "salesforce",
     "Contact.csv.bak/../../x.csv", "unsafe path in the archive"),
    (b"PK\x05\x06" + b"\0" * 18, "empty.zip", "salesforce", "empty.zip",
     "none of the export's files found"),
])
def test_the_api_refuses_what_is_not_a_safe_export(client, demo_store, data, filename,
                                                   source, file, reason):
    before = stats(demo_store)
    response = _api(client, data, filename, source)
    assert response.status_code == 400
    [problem] = response.get_json()["problems"]
    assert problem["file"] == file and problem["reason"].startswith(reason)
    assert stats(demo_store) == before


def test_the_api_import_needs_the_csrf_token(client, demo_store):
    before = stats(demo_store)
    response = _api(client, sample_zip(), "export.zip", token="forged")
    assert response.status_code == 400 and "CSRF" in response.get_json()["error"]
    assert stats(demo_store) == before


def test_the_upload_cap_holds_for_an_export(client, app, demo_store, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024)
    response = _api(client, sample_zip(), "export.zip")
    assert response.status_code == 413
