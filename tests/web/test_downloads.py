"""Each report page links to its Excel download, which is a valid workbook of that page's
rows; a viewer may download it."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from graphprofile import services, summaries
from graphprofile.services import users
from graphprofile.services.reports import MIMETYPE, SHEETS
from web import create_app

AS_OF = "2026-11-23"
DOWNLOADS = [("/", "/portfolio.xlsx", "Accounts", "portfolio"),
             ("/gaps", "/gaps/export.xlsx", "Gaps", "gaps"),
             ("/cross-sell", "/cross-sell/export.xlsx", "Whitespace", "cross-sell")]


def _workbook(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == MIMETYPE
    return load_workbook(io.BytesIO(response.get_data()))


@pytest.mark.parametrize(("page", "url", "sheet", "name"), DOWNLOADS,
                         ids=[d[2] for d in DOWNLOADS])
def test_each_report_page_offers_its_workbook(client, page, url, sheet, name):
    html = client.get(page).get_data(as_text=True)
    assert re.search(rf'id="download" href="{re.escape(url)}"', html)
    response = client.get(url)
    book = _workbook(response)
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename={name}-{AS_OF}.xlsx")
    assert book.sheetnames == [sheet]
    rows = list(book[sheet].iter_rows(values_only=True))
    assert rows[0] == tuple(header for header, *_ in SHEETS[sheet])
    assert len(rows) > 1


def test_the_downloads_hold_what_the_stored_summaries_hold(client, demo_store):
    day = date.fromisoformat(AS_OF)
    accounts = services.account_ids(demo_store)
    for url, sheet in (("/portfolio.xlsx", "Accounts"), ("/gaps/export.xlsx", "Gaps")):
        rows = list(_workbook(client.get(url))[sheet].iter_rows(values_only=True))
        assert [r[0] for r in rows[1:]] == accounts  # one row per account, in id order
    cells, total = summaries.stored_cross_sell(demo_store, as_of=day, limit=10_000)
    rows = list(_workbook(client.get("/cross-sell/export.xlsx"))["Whitespace"]
                .iter_rows(values_only=True))
    assert len(rows) - 1 == total == len(cells)
    assert [(r[0], r[2], r[4], r[6]) for r in rows[1:]] == [
        (c["company_id"], c["department_id"], c["product_id"], c["status"]) for c in cells]


def test_the_download_keeps_the_pages_as_of_date(client):
    response = client.get("/gaps/export.xlsx?as_of=2026-06-01")
    _workbook(response)
    assert response.headers["Content-Disposition"].endswith("gaps-2026-06-01.xlsx")
    assert 'href="/gaps/export.xlsx?as_of=2026-06-01"' in client.get(
        "/gaps?as_of=2026-06-01").get_data(as_text=True)
    assert client.get("/gaps/export.xlsx?as_of=June").status_code == 400


def test_a_viewer_may_download_and_anonymous_may_not(session_store, demo_store):
    app = create_app(session_store, {"TESTING": True, "DEFAULT_AS_OF": AS_OF,
                                     "SECRET_KEY": "downloads-test"})
    anonymous = app.test_client()
    assert anonymous.get("/portfolio.xlsx").status_code == 302
    if users.find_user(demo_store, "viola") is None:
        users.add_user(demo_store, "viola", "viewer-pass-2", "viewer", actor="setup")
    try:
        viewer = app.test_client()
        login = viewer.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)
        assert viewer.post("/login", data={"csrf_token": token, "username": "viola",
                                           "password": "viewer-pass-2"}).status_code == 303
        for _page, url, sheet, _name in DOWNLOADS:
            assert _workbook(viewer.get(url)).sheetnames == [sheet]
    finally:
        users.remove_user(demo_store, "viola", actor="setup")
