"""The language switch in a real browser: Chinese at a click, still Chinese after a reload,
and CJK names drawn with real glyphs."""

from __future__ import annotations

from tests.web.test_browser import base_url, browser, page, server_url  # noqa: F401


def test_the_switch_turns_the_page_chinese_and_remembers_it(page, base_url):  # noqa: F811
    page.goto(f"{base_url}/gaps")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Coverage gaps"
    page.locator("#language-switch button[data-lang=zh]").click()
    page.wait_for_url(f"{base_url}/gaps")
    assert page.locator("html").get_attribute("lang") == "zh"
    assert page.locator("h1").inner_text() == "覆盖缺口"
    assert page.locator(".topbar nav").inner_text().split()[:2] == ["客户组合", "缺口"]
    page.reload()
    assert page.locator("h1").inner_text() == "覆盖缺口"
    page.goto(f"{base_url}/")
    assert page.locator("h1").inner_text() == "客户组合"
    page.locator("#language-switch button[data-lang=en]").click()
    page.wait_for_url(f"{base_url}/")
    assert page.locator("h1").inner_text() == "Portfolio"


def test_a_chinese_name_renders_with_width(page, base_url):  # noqa: F811
    page.goto(f"{base_url}/gaps")
    page.locator("#language-switch button[data-lang=zh]").click()
    page.wait_for_url(f"{base_url}/gaps")
    # a CJK person name, as the pages print names: text in the page's own font
    size = page.evaluate("""() => {
        const h = document.querySelector('h1');
        const probe = document.createElement('span');
        probe.textContent = '王晓明';
        h.appendChild(probe);
        const wide = probe.getBoundingClientRect();
        return {width: wide.width, height: wide.height};
    }""")
    assert size["width"] > 20 and size["height"] > 10
    # the switch itself shows its CJK label drawn, not empty
    assert page.locator("#language-switch button[data-lang=zh]").bounding_box()["width"] > 15
