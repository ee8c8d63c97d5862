"""The gaps page shows each account's relationship bus factor and whom it hangs on."""

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
