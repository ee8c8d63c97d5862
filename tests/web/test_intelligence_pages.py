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
