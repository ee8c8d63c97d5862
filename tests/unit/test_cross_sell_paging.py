"""Paging, sorting, filtering, grouping and the matrix of cross-sell openings, on a
hand-built set."""

from __future__ import annotations

import pytest

from graphprofile.analytics.cross_sell import (
    OpeningFilter,
    filter_openings,
    group_by_account,
    opening_matrix,
    page_of,
    sort_openings,
)


def _o(company, dept, product, score, *, status="whitespace", function="finance",
       klass="develop"):
    return {"company_id": company, "company": company.title(), "department_id": dept,
            "department": dept.upper(), "product_id": product, "product": product.upper(),
            "score": score, "status": status, "function": function,
            "strategic_class": klass, "reason": "a; b"}


CELLS = [
    _o("acme", "fin", "bi", 0.9), _o("acme", "it", "bi", 0.5, function="it"),
    _o("acme", "fin", "sec", 0.7, status="competitor"),
    _o("bolt", "fin", "bi", 0.9, klass="lighthouse"),
    _o("bolt", "ops", "sec", 0.2, function="operations", klass="lighthouse"),
    _o("core", "it", "sec", 0.6, function="it", status="opportunity"),
]


def _keys(rows):
    return [(r["company_id"], r["department_id"], r["product_id"]) for r in rows]


def test_best_propensity_first_ties_by_ids():
    assert _keys(sort_openings(CELLS)) == [
        ("acme", "fin", "bi"), ("bolt", "fin", "bi"), ("acme", "fin", "sec"),
        ("core", "it", "sec"), ("acme", "it", "bi"), ("bolt", "ops", "sec")]
    assert _keys(sort_openings(CELLS, desc=False))[0] == ("bolt", "ops", "sec")


def test_other_keys_ascending_by_default_then_best_first():
    by_account = sort_openings(CELLS, "account")
    assert [r["company_id"] for r in by_account] == ["acme"] * 3 + ["bolt"] * 2 + ["core"]
    assert [r["score"] for r in by_account[:3]] == [0.9, 0.7, 0.5]
    assert [r["company_id"] for r in sort_openings(CELLS, "account", True)][0] == "core"
    assert [r["status"] for r in sort_openings(CELLS, "status")][-1] == "whitespace"
    assert sort_openings(CELLS, "class")[0]["strategic_class"] == "develop"
    with pytest.raises(ValueError):
        sort_openings(CELLS, "nope")


def test_pages_cover_the_list_without_overlap():
    ordered = sort_openings(CELLS)
    pages = [page_of(ordered, n, 4) for n in (1, 2, 3)]
    assert [len(p) for p in pages] == [4, 2, 0]
    assert _keys(pages[0] + pages[1]) == _keys(ordered)


def test_filters_narrow():
    assert len(filter_openings(CELLS, OpeningFilter(status="competitor"))) == 1
    assert len(filter_openings(CELLS, OpeningFilter(product_id="bi"))) == 3
    assert len(filter_openings(CELLS, OpeningFilter(strategic_class="lighthouse"))) == 2
    assert len(filter_openings(CELLS, OpeningFilter(min_score=0.6))) == 4
    assert len(filter_openings(CELLS, OpeningFilter(search="BOL"))) == 2
    assert len(filter_openings(CELLS, OpeningFilter(function="it", product_id="sec"))) == 1
    assert filter_openings([{**CELLS[0], "score": None}]) == []


def test_group_by_account_keeps_first_appearance_and_counts():
    page = sort_openings(CELLS)[:4]
    groups = group_by_account(page)
    assert [g["company_id"] for g in groups] == ["acme", "bolt", "core"]
    assert [(g["count"], g["best"]) for g in groups] == [(2, 0.9), (1, 0.9), (1, 0.6)]
    known = group_by_account(page, {"acme": {"count": 3, "best": 0.9}})
    assert known[0]["count"] == 3 and known[0]["shown"] == 2


def test_matrix_counts_best_and_totals():
    m = opening_matrix(CELLS)
    assert m["functions"] == ["finance", "it", "operations"]
    assert [pid for pid, _ in m["products"]] == ["bi", "sec"]
    assert m["cells"]["finance"]["bi"] == {"count": 2, "best": 0.9}
    assert m["cells"]["it"]["sec"] == {"count": 1, "best": 0.6}
    assert "bi" not in m["cells"]["operations"]
    assert m["rows"]["finance"] == {"count": 3, "best": 0.9}
    assert m["columns"]["sec"] == {"count": 3, "best": 0.7}
    assert m["total"] == len(CELLS) == sum(r["count"] for r in m["rows"].values())
    assert m["best"] == 0.9
