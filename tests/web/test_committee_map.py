"""The committee map in a real browser at 1400x900: every member drawn inside the frame,
no two labels overlapping, and no serious axe-core violation on the deal and person pages."""

from __future__ import annotations

from pathlib import Path

from graphprofile import services
from tests.web.test_browser import base_url, browser, page, server_url  # noqa: F401, F811

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def _overlap(a: dict, b: dict) -> bool:
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


def test_the_committee_map_shows_every_member(page, base_url, demo_store):  # noqa: F811
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{base_url}/opportunities/hartwell-o-1")
    G = services.account_graph_of(demo_store, "hartwell")
    members = {u[1] for u, v, k in G.edges(keys=True)
               if v == ("opportunity", "hartwell-o-1") and k.startswith("role:")}
    page.locator("#committee-map").scroll_into_view_if_needed()
    frame = page.locator("svg.committee-map").bounding_box()
    boxes = page.evaluate("""() => [...document.querySelectorAll(
        'svg.committee-map .map-node')].map(n => {
          const r = n.querySelector('.map-box').getBoundingClientRect();
          const t = n.querySelector('.map-name').getBoundingClientRect();
          return {id: n.dataset.id, kind: n.dataset.kind,
                  box: {x: r.x, y: r.y, width: r.width, height: r.height},
                  label: {x: t.x, y: t.y, width: t.width, height: t.height}}; })""")
    assert members <= {b["id"] for b in boxes if b["kind"] == "member"}
    for b in boxes:
        r = b["box"]
        assert frame["x"] - 1 <= r["x"] and r["x"] + r["width"] <= frame["x"] + frame["width"] + 1
        assert frame["y"] - 1 <= r["y"]
        assert r["y"] + r["height"] <= frame["y"] + frame["height"] + 1
        assert r["width"] > 60  # readable at 1400 px, not shrunk to dots
        # the name stays inside its box
        assert b["label"]["x"] + b["label"]["width"] <= r["x"] + r["width"] + 1
    labels = [b["label"] for b in boxes]
    assert not any(_overlap(a, c) for i, a in enumerate(labels) for c in labels[i + 1:])
    assert page.console_errors == []


def test_axe_finds_no_serious_violation(browser, base_url):  # noqa: F811
    # A tab that may inject axe-core: the pages' CSP forbids inline scripts, rightly.
    context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True)
    tab = context.new_page()
    try:
        for url in ("/opportunities/hartwell-o-1", "/people/hartwell-p-002"):
            tab.goto(f"{base_url}{url}")
            tab.add_script_tag(path=str(AXE))
            found = tab.evaluate(
                "axe.run(document).then(r => r.violations.map(v => [v.id, v.impact,"
                " v.nodes.slice(0, 3).map(n => n.target.join(' '))]))")
            assert [v for v in found if v[1] in ("serious", "critical")] == [], url
    finally:
        context.close()
