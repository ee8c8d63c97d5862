"""axe-core on every screen, in English and in Chinese: no serious or critical violation."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.web.test_browser import base_url, browser, page, server_url  # noqa: F401

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SCREENS = [
    ("portfolio", "/"), ("account", "/accounts/mediva"), ("person", "/people/mediva-p-005"),
    ("opportunity", "/opportunities/transvia-o-1"), ("gaps", "/gaps"),
    ("cross-sell", "/cross-sell"), ("profile", "/profile"), ("follow-ups", "/follow-ups"),
    ("changes", "/changes"), ("company changes", "/changes/mediva"), ("import", "/import"),
    ("audit", "/admin/audit"), ("users", "/admin/users"),
    ("erase", "/admin/people/mediva-p-005/erase"), ("password", "/account/password"),
    ("interview", "/accounts/mediva/interview"), ("add person", "/accounts/mediva/people/new"),
    ("error", "/accounts/nope"),
]
# Screens other helpers are rebuilding right now: their findings are listed for the lead.
BEING_REBUILT: set[str] = set()

pytestmark = pytest.mark.skipif(not AXE.exists(), reason="needs node_modules/axe-core")


@pytest.fixture
def axe_page(browser):  # noqa: F811
    """A tab that may inject axe-core: the pages' CSP forbids inline scripts, rightly."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True)
    yield context.new_page()
    context.close()


def serious_violations(tab) -> list[dict]:
    tab.add_script_tag(path=str(AXE))
    result = tab.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def _report(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"][:6]) for v in violations)


def _screens():
    for lang in ("en", "zh"):
        for name, path in SCREENS:
            marks = [pytest.mark.xfail(strict=False, reason="screen being rebuilt; see report")
                     ] if name in BEING_REBUILT else []
            yield pytest.param(lang, name, path, id=f"{lang}-{name}", marks=marks)


@pytest.mark.parametrize(("lang", "name", "path"), list(_screens()))
def test_no_serious_violation(axe_page, base_url, lang, name, path):  # noqa: F811
    axe_page.context.add_cookies([{"name": "lang", "value": lang, "url": base_url}])
    axe_page.goto(f"{base_url}{path}")
    axe_page.wait_for_load_state("networkidle")
    assert axe_page.locator("html").get_attribute("lang") == lang
    violations = serious_violations(axe_page)
    assert not violations, f"{name} ({lang}):\n{_report(violations)}"


def test_the_check_catches_a_violation(axe_page, base_url):  # noqa: F811
    axe_page.goto(f"{base_url}/gaps")
    axe_page.evaluate("""() => { const i = document.createElement('input');
                              document.querySelector('main').appendChild(i); }""")
    assert "label" in {v["id"] for v in serious_violations(axe_page)}


def test_the_skip_link_is_first_and_moves_to_the_content(page, base_url):  # noqa: F811
    page.goto(f"{base_url}/gaps")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.className")
    assert focused == "skip-link"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#main"
