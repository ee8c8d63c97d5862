"""Coalitions drawn on the org chart (web/static/coalitions.js) in a real browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphprofile.services import politics
from tests.web.test_browser import base_url, browser, page, server_url  # noqa: F401

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")


def colours_of(page, index: int) -> str:  # noqa: F811
    """The colour coalition ``index``'s tree cards are outlined in."""
    return page.eval_on_selector(
        f'.tree-card[data-coalition="{index}"]',
        "c => c.style.getPropertyValue('--coalition-colour')")


def test_the_coalitions_button_outlines_each_faction(page, base_url, demo_store):  # noqa: F811
    coalitions = politics.coalitions(demo_store, "ferrox")["coalitions"]
    assert len(coalitions) == 2
    page.goto(f"{base_url}/accounts/ferrox?as_of=2026-11-23")
    page.wait_for_selector(".orgtree[data-settled]")
    page.click("#tree-expand-all")
    page.wait_for_selector(f'.tree-card[data-node="person:{coalitions[0]["leader"]}"]')
    assert page.locator(".tree-card[data-coalition]").count() == 0  # off until asked
    page.click("#tree-coalitions")
    assert page.get_attribute("#tree-coalitions", "aria-pressed") == "true"
    for index, coalition in enumerate(coalitions):
        for member in coalition["members"]:
            card = page.locator(f'.tree-card[data-node="person:{member}"]')
            if card.count():  # drawn (its branch open)
                assert card.get_attribute("data-coalition") == str(index)
                assert card.evaluate("e => getComputedStyle(e).boxShadow") != "none"
    tagged = page.locator(".tree-card[data-coalition]").count()
    assert tagged == sum(len(c["members"]) for c in coalitions)
    # two factions, two colours; the card's swatches are the legend
    colours = page.eval_on_selector_all(
        ".tree-card[data-coalition]",
        "cards => [...new Set(cards.map(c => c.style.getPropertyValue('--coalition-colour')))]")
    assert len(colours) == 2
    swatch = page.locator('#coalitions .coalition-swatch[data-index="0"]')
    assert swatch.evaluate("e => e.style.background") != ""

    page.click("#view-toggle")  # the network view, painted when first drawn
    page.wait_for_function("window.orgchartData !== undefined")
    leader = coalitions[0]["leader"]
    shown = f"window.orgchartData.nodes.get('person:{leader}')"
    drawn = ("JSON.parse(document.getElementById('orgchart-data').textContent).nodes"
             f".find(n => n.id === 'person:{leader}')")
    assert page.evaluate(f"{shown}.borderWidth") == 5
    assert page.evaluate(f"{shown}.color.border") == colours_of(page, 0)
    page.click("#chart-coalitions")  # off again, on both views
    assert page.get_attribute("#tree-coalitions", "aria-pressed") == "false"
    assert page.evaluate(f"{shown}.color.border") == page.evaluate(f"{drawn}.color.border")
    assert page.evaluate(f"{shown}.borderWidth") == page.evaluate(f"{drawn}.borderWidth")
    assert not page.console_errors
