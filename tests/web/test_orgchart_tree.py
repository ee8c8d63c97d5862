"""The account page's tree view in a real browser, read from its rendered positions.

A generated 148-person account plus two people written through the services (a CJK name
and a name that is markup): 150 people, so every department starts collapsed.
"""

from __future__ import annotations

from datetime import date
from itertools import combinations
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphprofile import services
from graphprofile.cli import main
from graphprofile.models import Person, Relationship
from tests.web.test_browser import browser, server_url  # noqa: F401

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
ACCOUNT = "acct-00001"
HOSTILE = "<img src=x onerror=alert(1)>"
CJK = ("王小明", "首席信息官")

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")


@pytest.fixture(scope="module")
def tree_store(session_store, tmp_path_factory):
    out = tmp_path_factory.mktemp("tree") / "bundle"
    done = CliRunner().invoke(main, ["generate", str(out), "--accounts", "1",
                                     "--people-per-account", "148"])
    assert done.exit_code == 0, done.output
    session_store.clear()
    services.import_bundle(session_store, out)
    snapshot = services.account_snapshot(session_store, ACCOUNT)
    boss = next(p for p in snapshot.people if p.reports_to is None)
    dept = snapshot.departments[0].id
    for pid, (name, title) in (("tree-cjk", CJK), ("tree-xss", (HOSTILE, "<b>t</b>"))):
        services.save_person(session_store, Person(
            id=pid, company_id=ACCOUNT, name=name, title=title, department_id=dept,
            reports_to=boss.id))
    colleague = snapshot.colleagues[0]
    services.record_relationship(session_store, Relationship(
        colleague_id=colleague.id, person_id="tree-cjk", strength=5))
    # a second and third colleague for one person the generator linked to one
    linked = snapshot.relationships[0]
    team = [c for c in services.colleagues(session_store) if c.id != linked.colleague_id]
    for other, strength in zip(team[:2], (2, 4), strict=True):
        services.record_relationship(session_store, Relationship(
            colleague_id=other.id, person_id=linked.person_id, strength=strength,
            last_contact=date(2026, 10, 1)))
    yield session_store
    session_store.clear()


@pytest.fixture
def page(browser, server_url, tree_store):  # noqa: F811
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    page.goto(f"{server_url}/accounts/{ACCOUNT}")
    page.wait_for_selector(".orgtree[data-ready=true][data-settled=true]", timeout=30_000)
    yield page
    context.close()


def _settled(page) -> None:
    page.wait_for_selector(".orgtree[data-settled=true]", timeout=15_000)


def _boxes(page, selector: str) -> list[dict]:
    return page.evaluate(
        """sel => Array.from(document.querySelectorAll('.orgtree ' + sel)).map(el => {
             const r = el.getBoundingClientRect();
             return {id: el.closest('.tree-card').dataset.node,
                     x: r.left, y: r.top, right: r.right, bottom: r.bottom};
           })""", selector)


def _assert_fitted_and_apart(page) -> list[dict]:
    frame = page.locator(".orgtree").bounding_box()
    cards = _boxes(page, ".tree-card")
    assert cards
    for c in cards:  # inside the chart's frame
        assert c["x"] >= frame["x"] - 0.5 and c["y"] >= frame["y"] - 0.5, c
        assert c["right"] <= frame["x"] + frame["width"] + 0.5, c
        assert c["bottom"] <= frame["y"] + frame["height"] + 0.5, c
    for selector in (".tree-card", ".tc-name"):
        boxes = _boxes(page, selector)
        for a, b in combinations(boxes, 2):  # no two overlap
            apart = (a["right"] <= b["x"] + 0.5 or b["right"] <= a["x"] + 0.5
                     or a["bottom"] <= b["y"] + 0.5 or b["bottom"] <= a["y"] + 0.5)
            assert apart, (selector, a, b)
    return cards


def _nodes(page) -> list[dict]:
    return page.evaluate("window.orgtreeNodes.map(n => ({id: n.id, parentId: n.parentId, "
                         "kind: n.kind, ref: n.ref, name: n.name}))")


def _person_ids_shown(page) -> set[str]:
    return {c["id"] for c in _boxes(page, ".tree-card.person")}


def test_it_opens_fitted_with_every_department_collapsed(page):
    cards = _assert_fitted_and_apart(page)
    nodes = _nodes(page)
    departments = [n for n in nodes if n["kind"] == "department"]
    assert {c["id"] for c in cards} == {n["id"] for n in nodes if n["kind"] != "person"}
    assert len(departments) > 1 and _person_ids_shown(page) == set()
    assert sum(n["kind"] == "person" for n in nodes) == 150
    assert page.errors == []


def test_expand_all_then_fit_shows_all_150_inside_the_frame_and_apart(page):
    page.get_by_role("button", name="Expand all").click()
    _settled(page)
    page.get_by_role("button", name="Fit").click()
    _settled(page)
    _assert_fitted_and_apart(page)
    assert len(_person_ids_shown(page)) == 150
    page.get_by_role("button", name="Collapse all").click()
    _settled(page)
    assert _person_ids_shown(page) == set()
    assert page.errors == []


def test_a_click_on_a_person_shows_our_colleagues_links_to_them(page, tree_store):
    snapshot = services.account_snapshot(tree_store, ACCOUNT)
    names = {c.id: c.name for c in services.colleagues(tree_store)}
    known: dict[str, list[str]] = {}
    for r in snapshot.relationships:
        known.setdefault(r.person_id, []).append(names[r.colleague_id])
    pid = max(known, key=lambda p: (len(known[p]), p))
    assert len(known[pid]) == 3
    page.get_by_role("button", name="Expand all").click()
    _settled(page)
    card = page.locator(f'.tree-card[data-node="person:{pid}"]')
    card.locator(".tc-name").click()
    links = page.locator(f"#person-links[data-person='person:{pid}']")
    links.wait_for(timeout=5_000)
    shown = links.locator(".link-name").all_inner_texts()
    assert sorted(shown) == sorted(known[pid])
    assert "last contact 2026-10-01" in links.inner_text()
    assert "selected" in card.get_attribute("class")
    assert page.locator(".orgtree path.connection").count() == 0  # no lines across the tree
    panel = page.locator(f"#profile-panel[data-loaded='{pid}']")
    panel.wait_for(timeout=10_000)
    assert panel.locator(".person-name").inner_text() == \
        next(p.name for p in snapshot.people if p.id == pid)
    # and the chain to the top: the person, their managers, department and company
    page.get_by_role("button", name="Chain to the top").click()
    _settled(page)
    parent = {n["id"]: n["parentId"] for n in _nodes(page)}
    chain, at = set(), f"person:{pid}"
    while at:
        chain.add(at)
        at = parent[at]
    assert {c["id"] for c in _boxes(page, ".tree-card.on-chain")} == chain
    assert page.errors == []


def test_collapsing_a_department_hides_its_people_and_expanding_shows_them(page):
    nodes = _nodes(page)
    parent = {n["id"]: n["parentId"] for n in nodes}

    def department(nid: str) -> str:
        while parent[nid].startswith("person:"):
            nid = parent[nid]
        return parent[nid]

    dept = max((n["id"] for n in nodes if n["kind"] == "department"),
               key=lambda d: sum(1 for n in nodes if n["kind"] == "person"
                                 and department(n["id"]) == d))
    members = {n["id"] for n in nodes if n["kind"] == "person" and department(n["id"]) == dept}
    button = page.locator(f'.orgtree g.node:has(.tree-card[data-node="{dept}"]) .node-button-g')
    assert button.get_attribute("aria-expanded") == "false"
    button.focus()
    page.keyboard.press("Enter")  # keyboard reachable
    _settled(page)
    shown = _person_ids_shown(page)
    assert shown and shown <= members
    assert {parent[p] for p in shown} == {dept}  # the department's top people
    assert button.get_attribute("aria-expanded") == "true"
    first = sorted(shown)[0]  # Enter on a card's name selects it, and opens nothing
    page.locator(f'.tree-card[data-node="{first}"] .tc-name').focus()
    page.keyboard.press("Enter")
    page.locator(f"#person-links[data-person='{first}']").wait_for(timeout=5_000)
    assert _person_ids_shown(page) == shown
    button.click()
    _settled(page)
    assert _person_ids_shown(page) == set()
    assert page.errors == []


def test_search_expands_the_path_centers_and_highlights_the_person(page):
    nodes = _nodes(page)
    parent = {n["id"]: n["parentId"] for n in nodes}
    depth = {}
    for n in nodes:
        at, d = n["id"], 0
        while parent[at]:
            at, d = parent[at], d + 1
        depth[n["id"]] = d
    target = max((n for n in nodes if n["kind"] == "person"), key=lambda n: (depth[n["id"]],
                                                                              n["id"]))
    page.get_by_label("Find a person", exact=True).fill(target["name"])
    page.get_by_label("Find a person", exact=True).press("Enter")
    page.wait_for_selector(f".orgtree[data-focused='{target['id']}']", timeout=5_000)
    _settled(page)
    card = page.locator(f'.tree-card[data-node="{target["id"]}"]')
    box, frame = card.bounding_box(), page.locator(".orgtree").bounding_box()
    middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert abs(middle[0] - (frame["x"] + frame["width"] / 2)) < 5
    assert abs(middle[1] - (frame["y"] + frame["height"] / 2)) < 5
    assert "found" in card.get_attribute("class")
    shown = {c["id"] for c in _boxes(page, ".tree-card")}
    at = target["id"]
    while at:  # every card up to the company is open
        assert at in shown
        at = parent[at]
    page.get_by_label("Find a person", exact=True).fill("nobody-has-this-name")
    page.get_by_label("Find a person", exact=True).press("Enter")
    assert page.locator("#tree-search-status").inner_text() == "Nobody by that name."
    assert page.errors == []


def test_names_that_are_markup_or_cjk_show_verbatim(page):
    page.get_by_label("Find a person", exact=True).fill(HOSTILE)
    page.get_by_label("Find a person", exact=True).press("Enter")
    page.wait_for_selector(".orgtree[data-focused='person:tree-xss']", timeout=5_000)
    card = page.locator('.tree-card[data-node="person:tree-xss"]')
    assert card.locator(".tc-name").inner_text() == HOSTILE
    assert card.locator(".tc-title").inner_text() == "<b>t</b>"
    assert page.locator("img[src=x]").count() == 0
    assert card.locator("b").count() == 0  # no relationship: no strength mark either
    assert page.evaluate("window.orgtreeEscape('<img src=x>')") == "&lt;img src=x&gt;"

    page.get_by_label("Find a person", exact=True).fill(CJK[0])
    page.get_by_label("Find a person", exact=True).press("Enter")
    page.wait_for_selector(".orgtree[data-focused='person:tree-cjk']", timeout=5_000)
    card = page.locator('.tree-card[data-node="person:tree-cjk"]')
    assert card.locator(".tc-name").inner_text() == CJK[0]
    assert card.locator(".tc-title").inner_text() == CJK[1]
    assert "5/5" in card.locator(".tc-rel").inner_text()
    # the glyphs come from a CJK font, not tofu: each is about as wide as the font size
    width = page.evaluate("""() => {
        const el = document.querySelector('.tree-card[data-node="person:tree-cjk"] .tc-name');
        const r = document.createRange(); r.selectNodeContents(el);
        return r.getBoundingClientRect().width / parseFloat(getComputedStyle(el).fontSize)
               / (window.orgtree.getChartState().lastTransform.k || 1);
    }""")
    assert 2.5 < width < 3.5
    assert page.evaluate("document.fonts.check('13px \"Noto Sans CJK SC\"', '王')")
    page.wait_for_timeout(300)
    assert page.dialogs == [] and page.errors == []


def test_the_network_view_still_renders_fitted(page):
    toggle = page.locator("#view-toggle")
    assert toggle.inner_text() == "Network view"
    toggle.click()
    page.wait_for_selector(".orgchart[data-ready=true]", timeout=30_000)
    assert page.locator("#tree-view").is_hidden()
    drawn = page.evaluate("window.orgchart.body.data.nodes.length")
    assert drawn == int(page.locator(".orgchart").get_attribute("data-node-count")) > 150
    box = page.locator(".orgchart canvas").bounding_box()
    outside = page.evaluate(
        """([w, h]) => {
             const net = window.orgchart, ids = net.body.nodeIndices;
             const at = net.getPositions(ids);
             return ids.filter(id => { const p = net.canvasToDOM(at[id]);
                                       return p.x < 0 || p.y < 0 || p.x > w || p.y > h; });
           }""", [box["width"], box["height"]])
    assert outside == []
    toggle.click()
    assert page.locator(".orgtree").is_visible() and toggle.inner_text() == "Network view"
    assert page.errors == []


def test_axe_finds_nothing_serious_in_either_view(browser, server_url, tree_store):  # noqa: F811
    # axe is injected as an inline script: this context alone sets the page's CSP aside.
    # The chart's section, in the tree view, with a person selected, then the network view
    # (the profile panel's own partial, people/_panel.html, is the person screen's to check).
    context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True)
    run = ("axe.run({include: [['#org-chart']], exclude: [['#profile-panel']]},"
           " {resultTypes: ['violations']})"
           ".then(r => r.violations.filter(v => ['serious', 'critical'].includes(v.impact))"
           ".map(v => [v.id, v.impact, v.nodes.slice(0, 3).map(n => n.target)]))")
    try:
        page = context.new_page()
        page.goto(f"{server_url}/accounts/{ACCOUNT}")
        page.wait_for_selector(".orgtree[data-ready=true][data-settled=true]", timeout=30_000)
        page.add_script_tag(path=str(AXE))
        page.get_by_role("button", name="Expand all").click()
        _settled(page)
        page.locator(".tree-card.person .tc-name").first.click()
        page.locator("#person-links:not([hidden])").wait_for(timeout=5_000)
        assert page.evaluate(run) == []
        page.locator("#view-toggle").click()
        page.wait_for_selector(".orgchart[data-ready=true]", timeout=30_000)
        assert page.evaluate(run) == []
    finally:
        context.close()
