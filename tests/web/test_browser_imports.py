"""The import screen and the JSON API take a CRM export's .zip: each shipped connector's
sample export uploaded in a real browser (Playwright driving /usr/bin/chromium) and through
the API, counted on the page and in the store as the service's own check counts it; a
broken export named in its own terms with nothing written; unsafe archives refused."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from graphprofile.config import PROJECT_ROOT
from graphprofile.connectors import SHIPPED, shipped
from graphprofile.services.audit_log import audit_log
from graphprofile.services.connectors import ExportImport, validate_export
from graphprofile.store.records import stats

# The live server and browser of the explorer's browser tests.
from tests.web.test_browser import base_url, browser, page, server_url  # noqa: F401

CHROMIUM = Path("/usr/bin/chromium")
needs_browser = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")

FIXTURES = PROJECT_ROOT / "fixtures"
SAMPLE = FIXTURES / "salesforce"
# Every shipped connector with a sample export (fixtures/<name>/): new ones join by themselves.
SAMPLED = [name for name in SHIPPED if (FIXTURES / name).is_dir()]
# Facts of the Salesforce sample that no mapping change moves (the README's worked example).
SAMPLE_FACTS = {"companies": 5, "people": 28, "departments": 19, "colleagues": 6}
GONE = "0015g00000GONE1AAA"
# Contact.csv row 7 (contact C0006) names an account that is not in the export.
BAD_ROW = ('"0035g00000C0006AAA","false","0015g00000NORD1AAA"',
           f'"0035g00000C0006AAA","false","{GONE}"')
# The bundle file whose rows are the nodes of a label (the store's gain, counted).
NODES_OF = {"companies": "Company", "departments": "Department", "people": "Person",
            "colleagues": "Colleague", "opportunities": "Opportunity",
            "interactions": "Interaction", "products": "Product"}


def sample_zip(folder: str = "", *, broken: bool = False, source: str = "salesforce",
               extra: dict[str, str] | None = None) -> bytes:
    """A sample export's CSV files (``fixtures/<source>``) zipped at the root or in
    ``folder``; with ``broken``, Salesforce's Contact.csv row 7 names an account that
    exists nowhere."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted((FIXTURES / source).glob("*.csv")):
            text = path.read_text(encoding="utf-8")
            if broken and path.name == "Contact.csv":
                assert BAD_ROW[0] in text
                text = text.replace(*BAD_ROW, 1)
            zf.writestr(f"{folder}/{path.name}" if folder else path.name, text)
        for name, text in (extra or {}).items():
            zf.writestr(name, text)
    return buffer.getvalue()


def expected(store, source: str = "salesforce") -> ExportImport:
    """What the service's check (the CLI's ``validate --from``) finds in the sample folder:
    bundle rows per file, rows read per export file and left out by the mapping."""
    return validate_export(store, FIXTURES / source, shipped(source))


def _grew(before: dict, after: dict) -> dict[str, int]:
    """Nodes per label the store gained."""
    return {label: n - before["nodes"].get(label, 0) for label, n in after["nodes"].items()
            if n != before["nodes"].get(label, 0)}


def _nodes_of(rows: dict[str, int]) -> dict[str, int]:
    """The nodes a fresh import of ``rows`` (bundle rows per file) adds, per label."""
    return {NODES_OF[name]: n for name, n in rows.items() if name in NODES_OF and n}


# --- in the browser -----------------------------------------------------------------------

def _upload(tab, url: str, source: str, name: str, data: bytes) -> None:
    tab.goto(f"{url}/import")
    tab.select_option("#import-source", source)
    tab.set_input_files("input[name=bundle]", files=[{
        "name": name, "mimeType": "application/zip", "buffer": data}])
    tab.click("#import-form button[type=submit]")
    tab.wait_for_selector("#import-result, #import-problems")


def _cells(tab, table: str, key: str) -> dict[str, int]:
    return {row.get_attribute(key): int(row.locator("td.num").inner_text())
            for row in tab.locator(f"{table} tbody tr").all()}


@needs_browser
def test_the_source_choice_lists_the_bundle_and_every_shipped_connector(page, base_url):  # noqa: F811
    page.goto(f"{base_url}/import")
    values = page.locator("#import-source option").evaluate_all(
        "options => options.map(o => o.value)")
    assert values == ["bundle", *SHIPPED]
    assert page.locator("#import-source").input_value() == "bundle"
    assert page.locator("#import-source option[value=bundle]").inner_text() == \
        "graphprofile bundle"
    for name in SHIPPED:
        label = page.locator(f"#import-source option[value={name}]").inner_text()
        assert label == f"{shipped(name).name} export (.zip)"
    assert page.locator("#import-source option[value=salesforce]").inner_text() == \
        "Salesforce export (.zip)"
    # The form posts with the session's CSRF token, as every form of the explorer.
    assert page.locator("#import-form input[name=csrf_token]").get_attribute("value")


@needs_browser
@pytest.mark.parametrize("folder", ["", "WE_00D5g000004ABCD_1"])
def test_a_salesforce_zip_imports_and_the_page_counts_it(page, base_url, fresh_demo_store,  # noqa: F811
                                                         folder):
    want = expected(fresh_demo_store)
    assert SAMPLE_FACTS.items() <= want.rows.items()
    assert want.read["Contact.csv"] == 28 and want.read["Account.csv"] == 5
    assert want.skipped["Task.csv (interactions)"] == 2
    before = stats(fresh_demo_store)
    _upload(page, base_url, "salesforce", "WE_00D5g000004ABCD_1.zip", sample_zip(folder))
    assert page.locator("#import-problems").count() == 0
    heading = page.locator("#import-result h2").inner_text()
    total = sum(want.rows.values())
    assert heading == f"Imported WE_00D5g000004ABCD_1.zip (Salesforce export): {total} rows"
    assert _cells(page, "#import-written", "data-file") == want.rows
    assert _cells(page, "#import-read", "data-source") == want.read
    assert _cells(page, "#import-skipped", "data-skipped") == want.skipped
    assert _grew(before, stats(fresh_demo_store)) == _nodes_of(want.rows)
    assert page.locator("#import-source").input_value() == "salesforce"  # kept for the next
    page.goto(f"{base_url}/accounts/0015g00000NORD1AAA")
    assert "Nordwind Logistics" in page.locator("h1").inner_text()
    assert page.console_errors == [] and page.dialogs == []


@needs_browser
@pytest.mark.parametrize("source", SAMPLED)
def test_each_shipped_connectors_sample_zip_imports_on_the_page(page, base_url,  # noqa: F811
                                                                fresh_demo_store, source):
    want = expected(fresh_demo_store, source)
    before = stats(fresh_demo_store)
    _upload(page, base_url, source, f"{source}-export.zip", sample_zip(source=source))
    assert page.locator("#import-problems").count() == 0
    assert page.locator("#import-result h2").inner_text() == (
        f"Imported {source}-export.zip ({shipped(source).name} export): "
        f"{sum(want.rows.values())} rows")
    assert _cells(page, "#import-written", "data-file") == want.rows
    assert _cells(page, "#import-read", "data-source") == want.read
    if want.skipped:
        assert _cells(page, "#import-skipped", "data-skipped") == want.skipped
    assert _grew(before, stats(fresh_demo_store)) == _nodes_of(want.rows)
    assert page.console_errors == [] and page.dialogs == []


@needs_browser
def test_a_broken_export_names_contact_csv_row_and_column_and_writes_nothing(
        page, base_url, demo_store):  # noqa: F811
    before = stats(demo_store)
    _upload(page, base_url, "salesforce", "broken.zip", sample_zip(broken=True))
    assert page.locator("#import-result").count() == 0
    heading = page.locator("#import-problems h2").inner_text()
    assert heading.startswith("broken.zip: ") and heading.endswith("nothing was written")
    assert [th.text_content() for th in page.locator("#import-problems th").all()] == [
        "File", "Row", "Column", "Reason"]
    rows = [[cell.inner_text() for cell in row.locator("td").all()]
            for row in page.locator("#import-problems tbody tr").all()]
    assert ["Contact.csv", "7", "AccountId",
            f"no Account with id '{GONE}' in the export or the store"] in rows
    assert all(row[0] == "Contact.csv" and row[1] == "7" for row in rows)
    assert stats(demo_store) == before
    assert page.locator("#import-source").input_value() == "salesforce"


@needs_browser
def test_a_bundle_is_refused_as_an_export_and_an_export_as_a_bundle(page, base_url,  # noqa: F811
                                                                    demo_store):
    before = stats(demo_store)
    _upload(page, base_url, "salesforce", "export.json", b"{}")
    [row] = page.locator("#import-problems tbody tr").all()
    assert "upload the Salesforce export as a .zip of its CSV files" in row.inner_text()
    _upload(page, base_url, "bundle", "export.zip", sample_zip())
    assert "no bundle files found" in page.locator("#import-problems").inner_text()
    assert stats(demo_store) == before


@needs_browser
def test_an_unsafe_member_is_named_verbatim_and_nothing_runs(page, base_url, demo_store):  # noqa: F811
    evil = "../<img src=x onerror=alert(1)>.csv"
    before = stats(demo_store)
    _upload(page, base_url, "salesforce", "evil.zip", sample_zip(extra={evil: "x"}))
    [row] = page.locator("#import-problems tbody tr").all()
    assert row.locator("td").first.inner_text() == evil
    assert "unsafe path" in row.inner_text()
    assert page.locator("#import-problems img").count() == 0 and page.dialogs == []
    assert stats(demo_store) == before


# --- the JSON API -------------------------------------------------------------------------

def _token(client) -> str:
    html = client.get("/import").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


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
    want = expected(fresh_demo_store)
    before = stats(fresh_demo_store)
    response = _api(client, sample_zip("export"), "export.zip", in_query=in_query)
    assert response.status_code == 200, response.get_data(as_text=True)
    answer = response.get_json()
    assert list(answer) == ["imported", "total", "read", "skipped"]  # as `import --json`
    assert answer["imported"] == want.rows and answer["total"] == sum(want.rows.values())
    assert answer["read"] == want.read and answer["skipped"] == want.skipped
    assert SAMPLE_FACTS.items() <= answer["imported"].items()
    assert _grew(before, stats(fresh_demo_store)) == _nodes_of(want.rows)
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
