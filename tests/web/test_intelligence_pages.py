"""Graph intelligence on the screens: bus factor (gaps and account pages), coalitions,
required roles and blockers (opportunity page)."""

from __future__ import annotations

import re


def _cell(html: str, company_id: str) -> str:
    row = re.search(rf'<tr data-account="{company_id}">(.*?)</tr>', html, re.S)
    assert row, company_id
    return re.search(r'<td class="num bus-factor"[^>]*>(.*?)</td>', row.group(1), re.S).group(0)


def test_bus_factor_column_of_the_demo(client):
    html = client.get("/gaps?as_of=2026-11-23").get_data(as_text=True)
    assert "Bus factor" in html
    mediva = _cell(html, "mediva")
    assert 'data-size="1"' in mediva and "Hangs on Tomás Ruiz" in mediva and "flag warn" in mediva
    cloudnest = _cell(html, "cloudnest")
    assert 'data-size="2"' in cloudnest and "flag warn" not in cloudnest
    assert "Fatima" in cloudnest and "Marco" in cloudnest


def test_bus_factor_in_chinese(client):
    client.set_cookie("lang", "zh")
    html = client.get("/gaps?as_of=2026-11-23").get_data(as_text=True)
    assert 'data-size="1"' in _cell(html, "mediva")


def test_the_account_page_shows_its_bus_factor_and_coalitions(client):
    html = client.get("/accounts/mediva?as_of=2026-11-23").get_data(as_text=True)
    bus = re.search(r'<dd id="bus-factor">(.*?)</dd>', html, re.S).group(1)
    assert bus.count("<li") == 3 and bus.count("Tomás Ruiz") == 3
    ferrox = client.get("/accounts/ferrox?as_of=2026-11-23").get_data(as_text=True)
    groups = re.search(r'<section class="card" id="coalitions">(.*?)</section>', ferrox, re.S)
    assert groups, "no coalitions card"
    leaders = re.findall(r'data-leader="([^"]+)"', groups.group(1))
    assert leaders == ["ferrox-p-002", "ferrox-p-009"]


def test_the_opportunity_page_shows_required_roles_and_blockers(client):
    html = client.get("/opportunities/ferrox-o-3?as_of=2026-11-23").get_data(as_text=True)
    assert 'data-status="red"' in html and "no supportive key player" in html
    hartwell = client.get("/opportunities/hartwell-o-1?as_of=2026-11-23").get_data(as_text=True)
    assert 'data-status="green"' in hartwell
    blockers = re.search(r'<section class="card" id="blockers">(.*?)</section>', hartwell, re.S)
    assert blockers and 'data-person="hartwell-p-009"' in blockers.group(1)
    assert "Countered by" in blockers.group(1)
    client.set_cookie("lang", "zh")
    zh = client.get("/opportunities/hartwell-o-1?as_of=2026-11-23").get_data(as_text=True)
    assert "必需角色" in zh and "绿灯" in zh


def test_the_what_if_page_shows_what_a_departure_costs(client):
    person = client.get("/people/ferrox-p-001?as_of=2026-11-23").get_data(as_text=True)
    assert 'id="what-if-person" href="/people/ferrox-p-001/what-if' in person
    html = client.get("/people/ferrox-p-001/what-if?as_of=2026-11-23").get_data(as_text=True)
    assert "If Matthias Reuter left" in html
    kpis = re.search(r'<div class="kpi-value" id="engaged-after">(.*?)</div>', html).group(1)
    # with decay the CEO is no longer an engaged contact (Marco last met them 287 days
    # ago), so nobody engaged is lost; the paths through the CEO are
    assert kpis == "6 → 6"
    rows = dict(re.findall(r'<tr data-person="([^"]+)"(.*?)</tr>', html, re.S))
    assert sorted(rows) == ["ferrox-p-002", "ferrox-p-003", "ferrox-p-004"]
    cfo = rows["ferrox-p-002"]
    assert cfo.startswith(' class="lost"') and "weaker" in cfo
    # today through ferrox-p-003 and the CEO, afterwards Marco's own line to the CFO
    before, after = re.findall(r"<td>(.*?)</td>", cfo, re.S)[1:3]
    assert "Matthias Reuter" in before and "Giulia Ferraresi" in before
    assert "Matthias Reuter" not in after
    assert "Marco Bellini" in after and "Giulia Ferraresi" in after
    assert 'id="contacts-lost"' not in html


def test_the_what_if_page_in_chinese_and_of_an_unknown_person(client):
    client.set_cookie("lang", "zh")
    assert client.get("/people/ferrox-p-001/what-if?as_of=2026-11-23").status_code == 200
    assert client.get("/people/nobody/what-if").status_code == 404
