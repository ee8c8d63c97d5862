"""The cross-sell page pages, sorts and filters on the server; its matrix counts what the
list holds; the downloads, the JSON API and the CLI give the same openings."""

from __future__ import annotations

import csv
import io
import re

from openpyxl import load_workbook

AS_OF = "2026-11-23"


def _rows(client, query: str = "") -> list[str]:
    response = client.get(f"/cross-sell?as_of={AS_OF}&{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return re.findall(r'<tr class="opening" data-account="[^"]+" data-key="([^"]+)"',
                      response.get_data(as_text=True))


def _api(client, query: str = ""):
    response = client.get(f"/api/cross-sell?as_of={AS_OF}&{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()


def test_one_page_then_the_next_without_overlap(client, demo_store):
    first, second = _rows(client, "per_page=10"), _rows(client, "per_page=10&page=2")
    assert len(first) == len(second) == 10 and not set(first) & set(second)
    assert len(_rows(client)) == 25  # the default page size
    every = _api(client, "per_page=200")
    keys = [f"{i['company_id']}/{i['department_id']}/{i['product_id']}" for i in every["items"]]
    # the page shows its rows grouped by account: the same rows as the list's 1-10, 11-20
    assert set(keys[:10]) == set(first) and set(keys[10:20]) == set(second)
    scores = [i["score"] for i in every["items"]]
    assert scores == sorted(scores, reverse=True)


def test_page_past_the_end_is_empty_and_bad_arguments_are_400(client, demo_store):
    total = _api(client)["total"]
    assert _rows(client, f"per_page=200&page={total // 200 + 2}") == []
    for bad in ("sort=bogus", "per_page=500", "page=0", "min=2", "class=nope", "dir=up"):
        response = client.get(f"/cross-sell?{bad}")
        assert response.status_code == 400, bad
    assert "unknown sort key" in client.get("/cross-sell?sort=bogus").get_data(as_text=True)
    assert client.get("/api/cross-sell?sort=bogus").status_code == 400


def test_sorting_by_account_groups_accounts(client, demo_store):
    data = _api(client, "sort=account&per_page=200")
    names = [i["company"].lower() for i in data["items"]]
    assert names == sorted(names)
    desc = _api(client, "sort=account&dir=desc&per_page=5")
    assert desc["items"][0]["company"].lower() >= names[-1]
    assert desc["items"][0]["company"].lower() > names[0]


def test_filters_narrow_and_the_matrix_counts_the_filtered_list(client, demo_store):
    everything = _api(client)
    assert everything["total"] == everything["matrix"]["total"] > 25
    for query in ("status=competitor", "product=prod-bi", "min=0.5", "q=ferrox",
                  "class=develop", "status=whitespace&product=prod-bi"):
        found = _api(client, query + "&per_page=200")
        assert found["total"] < everything["total"], query
        assert found["total"] == len(found["items"]) == found["matrix"]["total"]
    competitor = _api(client, "status=competitor&per_page=200")
    assert {i["status"] for i in competitor["items"]} == {"competitor"}
    assert all(i["score"] >= 0.5 for i in _api(client, "min=0.5&per_page=200")["items"])
    for cell in everything["matrix"]["cells"][:6]:
        narrowed = _api(client, f"function={cell['function']}&product={cell['product_id']}")
        assert narrowed["total"] == cell["count"]
        assert narrowed["items"][0]["score"] == cell["best"]


def test_filters_stay_across_pages_and_the_page_links_cells(client, demo_store):
    html = client.get("/cross-sell?status=whitespace&per_page=10").get_data(as_text=True)
    nxt = re.search(r'id="next-page" href="([^"]+)"', html).group(1)
    assert "status=whitespace" in nxt and "page=2" in nxt
    assert re.search(r'<a class="matrix-cell" data-count="\d+" href="[^"]*function=', html)
    assert '<label for="cs-min">' in html and 'id="clear-filters"' in html
    assert '<ul class="chips">' in html and "; " not in re.findall(
        r'<ul class="chips">(.*?)</ul>', html, re.S)[0]


def test_csv_and_excel_hold_the_filtered_list(client, demo_store):
    expected = _api(client, "status=competitor&per_page=200")
    response = client.get("/cross-sell/export.csv?status=competitor")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:2] == ["Account id", "Account"]
    assert [(r[0], r[3], r[6]) for r in rows[1:]] == [
        (i["company_id"], i["department_id"], i["product_id"]) for i in expected["items"]]
    assert {r[8] for r in rows[1:]} == {"competitor"}
    book = load_workbook(io.BytesIO(client.get("/cross-sell/export.xlsx?status=competitor")
                                    .get_data()))
    sheet = list(book["Whitespace"].iter_rows(values_only=True))
    assert len(sheet) - 1 == expected["total"]
    assert {r[6] for r in sheet[1:]} == {"competitor"}


def test_account_whitespace_api_keeps_cells_and_pages(client, demo_store):
    data = client.get(f"/api/accounts/hartwell/whitespace?as_of={AS_OF}&per_page=3").get_json()
    assert {"company_id", "cells", "total", "page", "per_page", "items"} <= set(data)
    openings = [c for c in data["cells"] if c["status"] != "ours"]
    assert data["total"] == len(openings) and len(data["items"]) == 3
    assert client.get("/api/accounts/hartwell/whitespace?sort=x").status_code == 400
