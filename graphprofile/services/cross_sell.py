"""Cross-sell openings of the portfolio (and of one account), filtered, sorted and paged:
what the cross-sell page, its downloads, the JSON API and the CLI share.

The portfolio's openings are the stored ``:CrossSellCell`` nodes (see
:mod:`graphprofile.summaries`): a page reads only its rows (sorted on the server, a
top-k), plus one aggregate over the filtered cells for the total and the matrix, and the
counts of the page's accounts. An account's own openings are computed from its graph and
paged in memory with the same order (:mod:`graphprofile.analytics.cross_sell`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from graphprofile import analytics, summaries
from graphprofile.analytics import DEFAULTS, AnalyticsSettings
from graphprofile.analytics.cross_sell import (
    CROSS_SELL_SORTS,
    CROSS_SELL_STATUSES,
    OpeningFilter,
    filter_openings,
    group_by_account,
    matrix_from_groups,
    opening_matrix,
    page_of,
    pages_for,
    sort_openings,
)
from graphprofile.errors import InvalidInput
from graphprofile.importer.csvio import neutralise
from graphprofile.models import Function, StrategicClass
from graphprofile.services.analysis import account_graph_of, peer_stats, products
from graphprofile.store import Store
from graphprofile.store import cross_sell as repo

__all__ = [
    "CSV_COLUMNS", "DEFAULT_PER_PAGE", "MAX_PER_PAGE", "CrossSellQuery", "account_openings",
    "csv_text", "every_opening", "matrix_json", "opening_page", "parse_query", "product_ids",
    "write_csv",
]

DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 200
_EVERY = 2**62  # a limit that takes every stored cell

# The download's columns: (header, key); the Excel sheet is reports.SHEETS["Whitespace"].
CSV_COLUMNS = (
    ("Account id", "company_id"), ("Account", "company"), ("Class", "strategic_class"),
    ("Department id", "department_id"), ("Department", "department"),
    ("Function", "function"), ("Product id", "product_id"), ("Product", "product"),
    ("Status", "status"), ("Propensity", "score"), ("Why", "reason"),
    ("Decision maker id", "decision_maker_id"), ("Decision maker", "decision_maker"),
    ("Warm path", "warm_path_names"), ("Warm path score", "warm_path_score"),
)


@dataclass(frozen=True)
class CrossSellQuery:
    """One request for openings: the filter, the order (``desc`` None: the key's own
    direction) and the page."""

    where: OpeningFilter = field(default_factory=OpeningFilter)
    sort: str = "propensity"
    desc: bool | None = None
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @property
    def descending(self) -> bool:
        return CROSS_SELL_SORTS[self.sort][1] if self.desc is None else self.desc

    def args(self) -> dict[str, Any]:
        """The query as URL arguments (what :func:`parse_query` reads), without the
        page: None where it is the default."""
        w = self.where
        return {"sort": self.sort if self.sort != "propensity" else None,
                "dir": None if self.desc is None else ("desc" if self.desc else "asc"),
                "class": w.strategic_class or None, "product": w.product_id or None,
                "status": w.status or None, "function": w.function or None,
                "min": None if w.min_score is None else f"{w.min_score:g}",
                "q": w.search or None}


def _whole(name: str, value: str | None, default: int) -> int:
    if value is None or value == "":
        return default
    if not value.strip().isdigit():
        raise InvalidInput(f"{name} must be a whole number, got {value!r}")
    return int(value)


def parse_query(args: Mapping[str, str | None], *,
                product_ids: Iterable[str] | None = None) -> CrossSellQuery:
    """A :class:`CrossSellQuery` from URL-style arguments: ``page``, ``per_page`` (1 to
    200, default 25), ``sort`` (a key of :data:`CROSS_SELL_SORTS`), ``dir`` (asc or
    desc), ``class``, ``product`` (one of ``product_ids`` when given), ``status``,
    ``function``, ``min`` (minimum propensity, 0 to 1) and ``q`` (account search).

    Raises InvalidInput, naming the argument and what it takes, for anything else.
    """
    page = _whole("page", args.get("page"), 1)
    per_page = _whole("per_page", args.get("per_page"), DEFAULT_PER_PAGE)
    if page < 1:
        raise InvalidInput(f"page must be 1 or more, got {page}")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise InvalidInput(f"per_page must be from 1 to {MAX_PER_PAGE}, got {per_page}")
    sort = args.get("sort") or "propensity"
    if sort not in CROSS_SELL_SORTS:
        raise InvalidInput(f"unknown sort key {sort!r}; use one of {sorted(CROSS_SELL_SORTS)}")
    direction = args.get("dir") or ""
    if direction not in ("", "asc", "desc"):
        raise InvalidInput(f"dir must be asc or desc, got {direction!r}")
    klass = args.get("class") or ""
    if klass and klass not in {c.value for c in StrategicClass}:
        raise InvalidInput(f"unknown strategic class {klass!r}; use one of "
                           f"{[c.value for c in StrategicClass]}")
    status = args.get("status") or ""
    if status and status not in CROSS_SELL_STATUSES:
        raise InvalidInput(f"unknown status {status!r}; use one of {list(CROSS_SELL_STATUSES)}")
    function = args.get("function") or ""
    if function and function not in {f.value for f in Function}:
        raise InvalidInput(f"unknown department function {function!r}")
    product = args.get("product") or ""
    if product and product_ids is not None and product not in set(product_ids):
        raise InvalidInput(f"unknown product {product!r}")
    minimum = (args.get("min") or "").strip()
    min_score = None
    if minimum:
        try:
            min_score = float(minimum)
        except ValueError:
            min_score = -1.0
        if not 0.0 <= min_score <= 1.0:
            raise InvalidInput(f"min (the minimum propensity) must be a number from 0 to 1, "
                               f"got {minimum!r}")
    where = OpeningFilter(strategic_class=klass, product_id=product, status=status,
                          function=function, min_score=min_score,
                          search=(args.get("q") or "").strip())
    return CrossSellQuery(where=where, sort=sort,
                          desc=None if not direction else direction == "desc",
                          page=page, per_page=per_page)


def _with_reasons(row: dict[str, Any]) -> dict[str, Any]:
    """The row with its reason's parts as a list (``reasons``), for chips."""
    reason = str(row.get("reason") or "")
    return {**row, "reasons": [part.strip() for part in reason.split("; ") if part.strip()]}


def opening_page(store: Store, query: CrossSellQuery, *, as_of: date,
                 settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """One page of the portfolio's openings for ``as_of``:
    ``{"total", "page", "pages", "per_page", "items", "accounts", "matrix"}``; ``items``
    best first (or by the query's order), ``accounts`` the page's rows under their
    accounts (:func:`~graphprofile.analytics.cross_sell.group_by_account`), ``matrix``
    department function x product of the whole filtered list. Computes (and stores)
    the summaries missing for ``as_of`` first."""
    summaries.up_to_date(store, as_of=as_of, settings=settings)
    found = repo.cross_sell_page(store, as_of=as_of, where=query.where.params(),
                                 sort=query.sort, desc=query.descending,
                                 skip=(query.page - 1) * query.per_page,
                                 limit=query.per_page)
    matrix = matrix_from_groups(found["groups"])
    items = [_with_reasons(row) for row in found["rows"]]
    return {"total": matrix["total"], "page": query.page, "per_page": query.per_page,
            "pages": pages_for(matrix["total"], query.per_page), "items": items,
            "accounts": group_by_account(items, found["accounts"]), "matrix": matrix}


def every_opening(store: Store, query: CrossSellQuery, *, as_of: date,
                  settings: AnalyticsSettings = DEFAULTS) -> list[dict[str, Any]]:
    """Every opening the query's filter keeps, in its order (all pages): the downloads."""
    summaries.up_to_date(store, as_of=as_of, settings=settings)
    return repo.cross_sell_page(store, as_of=as_of, where=query.where.params(),
                                sort=query.sort, desc=query.descending, skip=0,
                                limit=_EVERY, matrix=False)["rows"]


def account_openings(store: Store, company_id: str, query: CrossSellQuery, *, as_of: date,
                     settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """One account's openings (computed from its graph with the portfolio's peer
    figures), filtered, sorted and paged like the portfolio's: ``{"total", "page",
    "per_page", "pages", "items", "matrix"}``. Raises NotFound for an unknown account."""
    G = account_graph_of(store, company_id)
    cells = analytics.whitespace(G, peers=peer_stats(store), as_of=as_of, settings=settings)
    klass, _reason = analytics.strategic_class(summaries.company_attrs(G), settings=settings)
    openings = summaries.cross_sell_cells(G, cells, strategic_class=klass.value)
    kept = sort_openings(filter_openings(openings, query.where), query.sort, query.descending)
    return {"total": len(kept), "page": query.page, "per_page": query.per_page,
            "pages": pages_for(len(kept), query.per_page),
            "items": [_with_reasons(r) for r in page_of(kept, query.page, query.per_page)],
            "matrix": opening_matrix(kept)}


def matrix_json(matrix: dict[str, Any]) -> dict[str, Any]:
    """The matrix with plain lists (JSON): ``functions``, ``products`` (``{"id",
    "name"}``), ``cells`` (``{"function", "product_id", "count", "best"}``), ``rows``,
    ``columns``, ``total``, ``best``."""
    return {"functions": matrix["functions"],
            "products": [{"id": pid, "name": name} for pid, name in matrix["products"]],
            "cells": [{"function": f, "product_id": pid, **cell}
                      for f in matrix["functions"]
                      for pid, cell in sorted(matrix["cells"][f].items())],
            "rows": matrix["rows"], "columns": matrix["columns"],
            "total": matrix["total"], "best": matrix["best"]}


def product_ids(store: Store) -> list[str]:
    return [p.id for p in products(store)]


def write_csv(rows: Iterable[Mapping[str, Any]], out: IO[str]) -> int:
    """The openings as CSV (UTF-8, a header row of :data:`CSV_COLUMNS`); text that a
    spreadsheet would run as a formula is quoted with a leading apostrophe. Returns the
    rows written."""
    writer = csv.writer(out)
    writer.writerow([header for header, _ in CSV_COLUMNS])
    count = 0
    for row in rows:
        writer.writerow([_csv_value(row.get(key)) for _, key in CSV_COLUMNS])
        count += 1
    return count


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value else "0"
    if isinstance(value, list | tuple):  # a warm path's steps
        return neutralise(" > ".join(map(str, value)))
    return neutralise(str(value))


def csv_text(rows: Iterable[Mapping[str, Any]]) -> str:
    out = io.StringIO()
    write_csv(rows, out)
    return out.getvalue()
