"""Cross-sell openings as a list: filter, sort, page, group by account, and the portfolio
matrix (department function x product).

Pure functions over opening dicts (a cell of :func:`~graphprofile.analytics.whitespace`
with ``company_id``, ``company``, ``department``, ``product``, ``function`` and
``strategic_class``, as :func:`graphprofile.summaries.cross_sell_cells` stores them). The
stored read model answers the same questions in Cypher (``cypher/cross_sell_*.cypher``)
with the same order and counts; these functions are that order's definition, used for an
account's own cells and in the tests.

Order: the sort key in the asked direction, then the best propensity first, then company,
department and product id (ascending), so the order is total and a page never shares a
row with the next.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "CROSS_SELL_SORTS", "CROSS_SELL_STATUSES", "OpeningFilter", "filter_openings",
    "group_by_account", "matrix_from_groups", "opening_groups", "opening_matrix",
    "page_of", "sort_openings",
]

CROSS_SELL_STATUSES = ("whitespace", "competitor", "opportunity")

# Sort key -> (the value an opening sorts by, descending by default). The Cypher of the
# read model has one branch per key (cypher/cross_sell_page.cypher).
CROSS_SELL_SORTS: dict[str, tuple[Callable[[dict[str, Any]], Any], bool]] = {
    "propensity": (lambda c: c.get("score") or 0.0, True),
    "account": (lambda c: str(c.get("company") or "").lower(), False),
    "department": (lambda c: str(c.get("department") or "").lower(), False),
    "product": (lambda c: str(c.get("product") or "").lower(), False),
    "class": (lambda c: str(c.get("strategic_class") or ""), False),
    "status": (lambda c: str(c.get("status") or ""), False),
}


@dataclass(frozen=True)
class OpeningFilter:
    """What narrows the list; an empty field (or None) does not narrow it. ``search``
    matches the account's name or id, case-insensitively."""

    strategic_class: str = ""
    product_id: str = ""
    status: str = ""
    function: str = ""
    min_score: float | None = None
    search: str = ""

    def matches(self, cell: dict[str, Any]) -> bool:
        score = cell.get("score")
        if score is None:  # an "ours" cell is no opening
            return False
        needle = self.search.strip().lower()
        return ((not self.strategic_class or cell.get("strategic_class") == self.strategic_class)
                and (not self.product_id or cell.get("product_id") == self.product_id)
                and (not self.status or cell.get("status") == self.status)
                and (not self.function or cell.get("function") == self.function)
                and (self.min_score is None or score >= self.min_score)
                and (not needle or needle in str(cell.get("company") or "").lower()
                     or needle in str(cell.get("company_id") or "").lower()))

    def params(self) -> dict[str, Any]:
        """The filter as Cypher parameters: null where it does not narrow."""
        needle = self.search.strip().lower()
        return {"strategic_class": self.strategic_class or None,
                "product_id": self.product_id or None, "status": self.status or None,
                "function": self.function or None, "min_score": self.min_score,
                "needle": needle or None}

    def is_empty(self) -> bool:
        return self == OpeningFilter()


def filter_openings(cells: Iterable[dict[str, Any]],
                    where: OpeningFilter = OpeningFilter()) -> list[dict[str, Any]]:
    """The openings ``where`` keeps (never a cell without a score), in their order."""
    return [cell for cell in cells if where.matches(cell)]


def _ids(cell: dict[str, Any]) -> tuple[str, str, str]:
    return (str(cell.get("company_id")), str(cell.get("department_id")),
            str(cell.get("product_id")))


def sort_openings(cells: Iterable[dict[str, Any]], sort: str = "propensity",
                  desc: bool | None = None) -> list[dict[str, Any]]:
    """The openings by ``sort`` (a key of :data:`CROSS_SELL_SORTS`; its own default
    direction when ``desc`` is None), ties by best propensity then ids.

    >>> rows = [{"company": "b", "company_id": "b", "department_id": "d", "product_id": "p",
    ...          "score": 0.2},
    ...         {"company": "a", "company_id": "a", "department_id": "d", "product_id": "p",
    ...          "score": 0.1}]
    >>> [r["company"] for r in sort_openings(rows)]
    ['b', 'a']
    >>> [r["company"] for r in sort_openings(rows, "account")]
    ['a', 'b']
    """
    if sort not in CROSS_SELL_SORTS:
        raise ValueError(f"unknown sort key {sort!r}")
    key, default_desc = CROSS_SELL_SORTS[sort]
    desc = default_desc if desc is None else desc
    # Stable sorts, last key first: ids ascending, best score first, then the key.
    ordered = sorted(cells, key=_ids)
    ordered.sort(key=lambda c: c.get("score") or 0.0, reverse=True)
    ordered.sort(key=key, reverse=desc)
    return ordered


def page_of(rows: list[dict[str, Any]], page: int, per_page: int) -> list[dict[str, Any]]:
    """Page ``page`` (from 1) of ``rows``, ``per_page`` a page; empty past the end."""
    if page < 1 or per_page < 1:
        raise ValueError("page and per_page start at 1")
    return rows[(page - 1) * per_page:page * per_page]


def group_by_account(rows: Iterable[dict[str, Any]],
                     counts: dict[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The rows of one page under their accounts, accounts in the order of their first
    row, rows in their order: ``{"company_id", "company", "rows", "shown", "count",
    "best"}``. ``count`` and ``best`` are the account's openings in the whole filtered
    list and their best propensity when ``counts`` (company id -> ``{"count", "best"}``)
    gives them, else those of the page's rows."""
    groups: dict[str, dict[str, Any]] = {}
    for row in rows:
        group = groups.setdefault(row["company_id"], {
            "company_id": row["company_id"], "company": row.get("company") or row["company_id"],
            "rows": []})
        group["rows"].append(row)
    for company_id, group in groups.items():
        shown = group["rows"]
        known = (counts or {}).get(company_id)
        group["shown"] = len(shown)
        group["count"] = known["count"] if known else len(shown)
        group["best"] = known["best"] if known else max(r.get("score") or 0.0 for r in shown)
    return list(groups.values())


def opening_groups(cells: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Count and best propensity per department function x product:
    ``{"function", "product_id", "product", "count", "best"}`` (the shape of
    ``cypher/cross_sell_matrix.cypher``'s rows)."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for cell in cells:
        key = (str(cell.get("function") or "other"), str(cell["product_id"]))
        group = found.setdefault(key, {"function": key[0], "product_id": key[1],
                                       "product": cell.get("product") or key[1],
                                       "count": 0, "best": 0.0})
        group["count"] += 1
        group["best"] = max(group["best"], cell.get("score") or 0.0)
    return list(found.values())


def matrix_from_groups(groups: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The portfolio matrix from per-(function, product) counts: ``functions`` (sorted),
    ``products`` (``(id, name)`` by name), ``cells`` (``{function: {product_id: {"count",
    "best"}}}``, only where there are openings), ``rows`` and ``columns`` (the totals of
    each function and product, with their best), and ``total`` and ``best`` overall."""
    cells: dict[str, dict[str, dict[str, Any]]] = {}
    names: dict[str, str] = {}
    rows: dict[str, dict[str, Any]] = {}
    columns: dict[str, dict[str, Any]] = {}
    total, best = 0, None
    for g in groups:
        count, top = int(g["count"]), float(g["best"])
        if not count:
            continue
        function, product = g["function"], g["product_id"]
        names.setdefault(product, g.get("product") or product)
        cells.setdefault(function, {})[product] = {"count": count, "best": top}
        for totals, key in ((rows, function), (columns, product)):
            slot = totals.setdefault(key, {"count": 0, "best": top})
            slot["count"] += count
            slot["best"] = max(slot["best"], top)
        total += count
        best = top if best is None else max(best, top)
    products = sorted(names.items(), key=lambda p: (p[1].lower(), p[0]))
    return {"functions": sorted(cells), "products": products, "cells": cells,
            "rows": rows, "columns": columns, "total": total, "best": best}


def opening_matrix(cells: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """:func:`matrix_from_groups` of these openings."""
    return matrix_from_groups(opening_groups(cells))


def pages_for(total: int, per_page: int) -> int:
    """How many pages ``total`` rows fill (at least one)."""
    return max(1, math.ceil(total / per_page))
