"""Cross-sell: the department x product openings across the portfolio, paged, sorted and
filtered on the server, with the portfolio matrix and downloads of the filtered list."""

from __future__ import annotations

import io
from typing import Any

from flask import Blueprint, Response, render_template, request, send_file

from graphprofile.services import cross_sell, reports
from graphprofile.services.cross_sell import CrossSellQuery
from web import as_of, downloads, get_store, pages

bp = Blueprint("cross_sell", __name__, url_prefix="/cross-sell")


def request_query() -> CrossSellQuery:
    """The request's page, order and filters (400 for an unknown sort key, class,
    product, status or a bad number)."""
    return cross_sell.parse_query(request.args,
                                  product_ids=cross_sell.product_ids(get_store()))


@bp.get("")
def index() -> Any:
    board = pages.cross_sell_page(get_store(), as_of=as_of(), query=request_query())
    return render_template("cross_sell/index.html", board=board)


@bp.get("/export.xlsx")
def workbook() -> Any:
    """The filtered openings (every page, in the page's order; every stored opening best
    first without a filter) as the Whitespace sheet of an Excel download."""
    query = request_query()
    if query == CrossSellQuery(page=query.page, per_page=query.per_page):
        return downloads.workbook("Whitespace", "cross-sell")
    day = as_of()
    out = io.BytesIO()
    reports.write_workbook(out, {"Whitespace": cross_sell.every_opening(get_store(), query,
                                                                        as_of=day)})
    out.seek(0)
    return send_file(out, mimetype=reports.MIMETYPE, as_attachment=True,
                     download_name=f"cross-sell-{day.isoformat()}.xlsx")


@bp.get("/export.csv")
def csv_download() -> Any:
    """The filtered openings (every page, in the page's order) as CSV."""
    query = request_query()
    day = as_of()
    text = cross_sell.csv_text(cross_sell.every_opening(get_store(), query, as_of=day))
    return Response("\ufeff" + text, mimetype="text/csv",
                    headers={"Content-Disposition":
                             f"attachment; filename=cross-sell-{day.isoformat()}.csv"})
