"""The explorer in a real browser: Playwright driving /usr/bin/chromium against a live server."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from graphprofile import services
from graphprofile.store.records import account_snapshot
from web import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
AS_OF = "2026-11-23"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server_url(session_store):
    app = create_app(session_store, {"DEFAULT_AS_OF": AS_OF, "SECRET_KEY": "browser-test",
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


@pytest.fixture
def base_url(server_url, demo_store):
    """The live server's address, the demo portfolio loaded."""
    return server_url


@pytest.fixture(scope="module")
def browser():
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
    page.dialogs = []  # every alert/confirm that opens, so a test can assert there was none
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    yield page
    context.close()


def _open_chart(page, base_url: str, company_id: str) -> None:
    """The account page's network view (the page opens on the tree view)."""
    page.goto(f"{base_url}/accounts/{company_id}")
    page.locator("#view-toggle").click()
    page.wait_for_selector(".orgchart[data-ready=true]", timeout=30_000)


def _click_node(page, node_id: str) -> None:
    """Bring the node to the middle of the chart and click it with the mouse."""
    page.evaluate("id => window.orgchart.focus(id, {scale: 1.2})", node_id)
    page.wait_for_timeout(200)
    pos = page.evaluate(
        "id => window.orgchart.canvasToDOM(window.orgchart.getPositions([id])[id])", node_id)
    box = page.locator(".orgchart canvas").bounding_box()
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])


def test_portfolio_lists_the_seven_demo_accounts(page, base_url):
    page.goto(base_url + "/")
    rows = page.locator("#portfolio tbody tr[data-account]")
    assert rows.count() == 7
    assert "Hartwell Bank" in page.locator("#portfolio").inner_text()
    page.get_by_role("link", name="Account").click()  # sort by name, descending
    assert rows.first.get_attribute("data-account") == "transvia"


def test_gaps_page_through_the_accounts_and_cross_sell_filters(page, base_url):
    page.goto(f"{base_url}/gaps?per_page=3")
    rows = page.locator("#gaps tbody tr[data-account]")
    assert rows.count() == 3
    page.locator(".pager").get_by_role("link", name="3", exact=True).click()
    page.wait_for_url("**page=3**")
    assert rows.count() == 1 and rows.first.get_attribute("data-account") == "transvia"
    page.goto(f"{base_url}/cross-sell")
    page.select_option("select[name=status]", "competitor")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**status=competitor**")
    statuses = page.locator("#cross-sell .pill").all_inner_texts()
    assert statuses and set(statuses) == {"competitor"}
    assert page.console_errors == []


def test_chart_shows_every_person_and_colleague(page, base_url, demo_store):
    _open_chart(page, base_url, "transvia")
    drawn = page.evaluate("window.orgchart.body.data.nodes.length")
    declared = int(page.locator(".orgchart").get_attribute("data-node-count"))
    people = len(demo_store.read("account_people", company_ids=["transvia"])[0]["rows"])
    known = demo_store.read("account_relationships", company_ids=["transvia"])[0]["rows"]
    colleagues = len({r["colleague_id"] for r in known})
    assert drawn == declared == people + colleagues == 55 + colleagues
    assert page.console_errors == []


def test_clicking_a_person_opens_their_profile(page, base_url):
    _open_chart(page, base_url, "transvia")
    _click_node(page, "person:transvia-p-002")
    panel = page.locator("#profile-panel[data-loaded='transvia-p-002']")
    panel.wait_for(timeout=10_000)
    assert panel.locator(".person-name").inner_text() == "Ingrid Solberg"
    assert "economic buyer" in panel.inner_text()


def test_colleague_layer_toggles(page, base_url):
    _open_chart(page, base_url, "ferrox")
    count = "window.orgchartData.nodes.get({filter: n => n.kind === 'colleague' && !n.hidden})" \
            ".length"
    assert page.evaluate(count) > 0
    page.locator("#toggle-colleagues").uncheck()
    assert page.evaluate(count) == 0


def test_influence_layer_toggles(page, base_url, demo_store):
    _open_chart(page, base_url, "hartwell")
    count = "window.orgchartData.edges.get({filter: e => e.layer === 'influence' && !e.hidden})" \
            ".length"
    stored = account_snapshot(demo_store, "hartwell").influence
    assert page.evaluate(count) == len(stored) > 0
    page.locator("#toggle-influence").uncheck()
    assert page.evaluate(count) == 0
    page.locator("#toggle-influence").check()
    assert page.evaluate(count) == len(stored)


def test_whitespace_grid_shows_the_service_statuses(page, base_url, demo_store):
    page.goto(f"{base_url}/accounts/transvia")
    shown = {
        (c.get_attribute("data-department"), c.get_attribute("data-product")):
            (c.get_attribute("data-status"), c.locator(".ws-status").inner_text())
        for c in page.locator("#whitespace td.ws").all()
    }
    cells = services.whitespace(demo_store, "transvia", as_of=date.fromisoformat(AS_OF))["cells"]
    assert shown == {(c["department_id"], c["product_id"]): (c["status"], c["status"])
                     for c in cells}
    fin_bi = page.locator('td[data-department="transvia-d-fin"][data-product="prod-bi"]')
    assert fin_bi.get_attribute("title").startswith("nothing deployed")


@pytest.mark.usefixtures("fresh_demo_store")
def test_injected_markup_shows_verbatim_and_never_runs(page, base_url):
    name = "<img src=x onerror=alert(1)>"
    page.goto(f"{base_url}/accounts/cloudnest/people/new")
    page.fill("input[name=name]", name)
    page.fill("input[name=title]", "<script>alert(2)</script>")
    page.select_option("select[name=reports_to]", "cloudnest-p-001")
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/people/cloudnest-p-web-*")
    person_id = page.url.rsplit("/", 1)[1].split("?")[0]
    assert page.locator("h1").inner_text() == name
    assert page.locator("img[src=x]").count() == 0

    _open_chart(page, base_url, "cloudnest")
    node = f"person:{person_id}"
    label = page.evaluate("id => window.orgchartData.nodes.get(id).label", node)
    assert label == name
    _click_node(page, node)
    panel = page.locator(f"#profile-panel[data-loaded='{person_id}']")
    panel.wait_for(timeout=10_000)
    assert panel.locator(".person-name").inner_text() == name
    assert "<script>alert(2)</script>" in panel.inner_text()
    # the tooltip is built with textContent: hover the node and read it back
    pos = page.evaluate(
        "id => window.orgchart.canvasToDOM(window.orgchart.getPositions([id])[id])", node)
    box = page.locator(".orgchart canvas").bounding_box()
    page.mouse.move(box["x"] + pos["x"] + 1, box["y"] + pos["y"] + 1)
    tooltip = page.locator("div.vis-tooltip .chart-tip")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert tooltip.inner_text().splitlines()[0] == name
    assert page.locator("img[src=x]").count() == 0
    page.wait_for_timeout(300)
    assert page.dialogs == []


def _visible(page) -> int:
    return int(page.locator(".orgchart").get_attribute("data-visible-count"))


@pytest.mark.usefixtures("fresh_demo_store")
def test_a_new_person_goes_through_the_form_into_the_chart(page, base_url):
    _open_chart(page, base_url, "meridian")
    before = page.evaluate("window.orgchart.body.data.nodes.length")
    visible = _visible(page)
    page.goto(f"{base_url}/accounts/meridian/people/new")
    page.fill("input[name=name]", "Wilhelmina Roundtrip")
    page.fill("input[name=title]", "Head of Browser Tests")
    page.select_option("select[name=reports_to]", "meridian-p-001")
    page.select_option("select[name=seniority]", "director")
    page.click("#person-form button[type=submit]")
    page.wait_for_url("**/people/meridian-p-web-*")
    person_id = page.url.rsplit("/", 1)[1].split("?")[0]
    assert page.locator("h1").inner_text() == "Wilhelmina Roundtrip"

    _open_chart(page, base_url, "meridian")
    assert page.evaluate("window.orgchart.body.data.nodes.length") == before + 1
    assert _visible(page) == visible + 1
    page.fill("#chart-search", "wilhelmina round")
    page.press("#chart-search", "Enter")
    node = f"person:{person_id}"
    page.wait_for_selector(f".orgchart[data-focused='{node}']", timeout=5_000)
    assert page.evaluate("window.orgchart.getSelectedNodes()") == [node]
    panel = page.locator(f"#profile-panel[data-loaded='{person_id}']")
    panel.wait_for(timeout=10_000)
    assert panel.locator(".person-name").inner_text() == "Wilhelmina Roundtrip"
    page.fill("#chart-search", "nobody-has-this-name")
    page.press("#chart-search", "Enter")
    assert page.locator("#chart-search-status").inner_text() == "Nobody by that name."
    assert page.console_errors == []


def test_collapse_departments_reduces_the_nodes_and_a_click_expands_one(page, base_url):
    _open_chart(page, base_url, "transvia")
    expanded = _visible(page)
    assert expanded == page.evaluate("window.orgchart.body.data.nodes.length")
    page.locator("#collapse-departments").check()
    collapsed = _visible(page)
    assert collapsed < expanded / 2
    cluster = page.evaluate(
        "Object.keys(window.orgchart.body.nodes).find(id => id.startsWith('cluster:') "
        "&& window.orgchart.isCluster(id))")
    size = len(page.evaluate("id => window.orgchart.getNodesInCluster(id)", cluster))
    _click_node(page, cluster)
    page.wait_for_function(f"() => !({cluster!r} in window.orgchart.body.nodes)",
                           timeout=5_000)
    assert _visible(page) == collapsed - 1 + size
    # search finds a person inside a collapsed department: the department opens
    hidden = page.evaluate(
        "Object.keys(window.orgchart.body.nodes).filter(id => id.startsWith('cluster:') "
        "&& window.orgchart.isCluster(id)).map(id => window.orgchart.getNodesInCluster(id))"
        "[0][0]")
    name = page.evaluate("id => window.orgchartData.nodes.get(id).name", hidden)
    page.fill("#chart-search", name)
    page.press("#chart-search", "Enter")
    page.wait_for_selector(f".orgchart[data-focused='{hidden}']", timeout=5_000)
    page.locator("#collapse-departments").uncheck()
    assert _visible(page) == expanded
    assert page.console_errors == []


@pytest.mark.usefixtures("fresh_demo_store")
def test_an_edited_name_with_a_script_tag_shows_verbatim(page, base_url):
    name = "Eve <script>alert('x')</script>"
    page.goto(f"{base_url}/people/ferrox-p-010/edit")
    page.fill("input[name=name]", name)
    page.fill("input[name=hobbies]", "<b>bold</b> climbing")
    page.click("#person-form button[type=submit]")
    page.wait_for_url("**/people/ferrox-p-010")
    assert page.locator("h1").inner_text() == name
    assert "<b>bold</b> climbing" in page.locator("body").inner_text()
    _open_chart(page, base_url, "ferrox")
    page.fill("#chart-search", "Eve <script>")
    page.press("#chart-search", "Enter")
    page.wait_for_selector(".orgchart[data-focused='person:ferrox-p-010']", timeout=5_000)
    panel = page.locator("#profile-panel[data-loaded='ferrox-p-010']")
    panel.wait_for(timeout=10_000)
    assert panel.locator(".person-name").inner_text() == name
    assert page.evaluate("window.orgchartData.nodes.get('person:ferrox-p-010').name") == name
    page.wait_for_timeout(300)
    assert page.dialogs == []


HOSTILE = ("<img src=x onerror=alert('{f}')>", "<script>alert('{f}')</script>",
           "javascript:alert('{f}')", "'}}) DETACH DELETE n // {f}",
           "\"><svg onload=alert('{f}')>")


@pytest.mark.usefixtures("fresh_demo_store")
def test_every_text_field_of_the_person_form_shows_verbatim_and_never_runs(page, base_url):
    fields = ("title", "phone", "kpis", "goals", "pains", "buying_power", "personality",
              "hobbies", "age_band", "preferred_channel", "situation")
    values = {f: HOSTILE[i % len(HOSTILE)].format(f=f) for i, f in enumerate(fields)}
    page.goto(f"{base_url}/accounts/transvia/people/new")
    page.fill("input[name=name]", "Hostile <b>Name</b>")
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/people/transvia-p-web-*")
    person_id = page.url.rsplit("/", 1)[1].split("?")[0]

    page.goto(f"{base_url}/people/{person_id}/edit")
    for field, value in values.items():
        page.fill(f"[name={field}]", value)
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"**/people/{person_id}")
    text = page.locator("main").inner_text()
    assert page.locator("h1").inner_text() == "Hostile <b>Name</b>"
    for field, value in values.items():
        assert value in text, field
    assert page.locator("img[src=x]").count() == 0
    assert page.locator("main svg").count() == page.locator("main svg:not([onload])").count()

    page.goto(f"{base_url}/people/{person_id}/edit")  # and back into the form, verbatim
    for field, value in values.items():
        assert page.locator(f"[name={field}]").input_value() == value, field
    page.wait_for_timeout(300)
    assert page.dialogs == []
