"""The cross-sell page in a real browser (1400x900): one page of rows, a working Next
link, and no serious or critical axe-core violation."""

from __future__ import annotations

from pathlib import Path

from tests.web.test_browser import base_url, browser, server_url  # noqa: F401

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def _page(browser, *, bypass_csp: bool = False):  # noqa: F811
    context = browser.new_context(viewport={"width": 1400, "height": 900},
                                  bypass_csp=bypass_csp)
    return context, context.new_page()


def test_one_page_of_rows_and_next_works(browser, base_url):  # noqa: F811
    context, page = _page(browser)
    try:
        page.goto(f"{base_url}/cross-sell?per_page=10")
        rows = page.locator("#cross-sell tr.opening")
        assert rows.count() == 10
        first = [rows.nth(i).get_attribute("data-key") for i in range(10)]
        assert page.locator("#cross-sell").get_attribute("data-page") == "1"
        page.locator("#next-page").click()
        page.wait_for_url("**page=2**")
        assert page.locator("#cross-sell").get_attribute("data-page") == "2"
        assert rows.count() == 10
        second = [rows.nth(i).get_attribute("data-key") for i in range(10)]
        assert not set(first) & set(second)
        assert "Page 2" in page.locator("#page-status").inner_text()
    finally:
        context.close()


def test_no_serious_axe_violation(browser, base_url):  # noqa: F811
    context, page = _page(browser, bypass_csp=True)  # axe is injected inline
    try:
        page.goto(f"{base_url}/cross-sell")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run()")
        bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert bad == []
    finally:
        context.close()
