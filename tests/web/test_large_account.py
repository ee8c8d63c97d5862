"""A 1,000-person generated account: the tree view opens collapsed; the network view is laid
out on the server, drawn and collapsed quickly."""

from __future__ import annotations

import threading
import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from werkzeug.serving import make_server

from graphprofile.cli import main
from graphprofile.graph import account_graph
from graphprofile.models import AccountSnapshot, Company, Person
from graphprofile.render import PHYSICS_LIMIT, orgchart
from graphprofile.services import import_bundle
from web import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def test_a_large_chart_comes_laid_out_as_a_tree():
    people = [Person(id="p0000", company_id="big", name="Boss")] + [
        Person(id=f"p{i:04d}", company_id="big", name=f"P {i}",
               reports_to=f"p{(i - 1) // 10:04d}") for i in range(1, PHYSICS_LIMIT + 50)]
    chart = orgchart(account_graph(AccountSnapshot(
        company=Company(id="big", name="Big", industry="retail"), people=people)),
        as_of=date(2026, 1, 1))
    assert chart["options"]["layout"]["hierarchical"]["enabled"] is False
    assert chart["options"]["physics"]["enabled"] is False
    at = {n["ref"]: (n["x"], n["y"]) for n in chart["nodes"]}
    assert len(set(at.values())) == len(at)  # nobody on top of anybody
    reports = [p.id for p in people if p.reports_to == "p0000"]
    xs = [at[r][0] for r in reports]
    assert at["p0000"][0] == (min(xs) + max(xs)) / 2  # centred over the reports
    assert {at[r][1] for r in reports} == {at["p0000"][1] + 130}


@pytest.fixture(scope="module")
def big_store(session_store, tmp_path_factory):
    out = tmp_path_factory.mktemp("big") / "bundle"
    done = CliRunner().invoke(main, ["generate", str(out), "--accounts", "1",
                                     "--people-per-account", "1000"])
    assert done.exit_code == 0, done.output
    session_store.clear()
    import_bundle(session_store, out)
    yield session_store
    session_store.clear()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
def test_a_1000_person_account_renders_and_stays_responsive(big_store):
    sync_api = pytest.importorskip("playwright.sync_api")
    app = create_app(big_store, {"DEFAULT_AS_OF": "2026-11-23", "SECRET_KEY": "big",
                                "SINGLE_USER": True})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            started = time.monotonic()
            page.goto(f"http://127.0.0.1:{server.server_port}/accounts/acct-00001")
            # the tree view first: departments collapsed, drawn quickly
            page.wait_for_selector(".orgtree[data-ready=true][data-settled=true]",
                                   timeout=30_000)
            assert time.monotonic() - started < 10
            assert page.evaluate("window.orgtreeNodes.length") > 1000
            assert page.locator(".orgtree .tree-card.person").count() == 0
            assert 1 < page.locator(".orgtree .tree-card.department").count() < 40
            page.locator("#view-toggle").click()  # then the network view
            page.wait_for_selector(".orgchart[data-ready=true]", timeout=30_000)
            assert page.evaluate("window.orgchart.body.data.nodes.length") > 1000
            assert page.is_checked("#collapse-departments")  # large: starts collapsed
            assert int(page.get_attribute(".orgchart", "data-visible-count")) < 100
            started = time.monotonic()
            page.locator("#collapse-departments").uncheck()
            page.evaluate("() => new Promise(done => requestAnimationFrame(done))")
            assert time.monotonic() - started < 5  # expanding all and a frame stay quick
            assert int(page.get_attribute(".orgchart", "data-visible-count")) > 1000
            name = page.evaluate(
                "window.orgchartData.nodes.get({filter: n => n.kind === 'person'})[700].name")
            page.fill("#chart-search", name)
            page.press("#chart-search", "Enter")
            page.wait_for_selector(".orgchart[data-focused]", timeout=5_000)
            assert errors == []
            browser.close()
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
