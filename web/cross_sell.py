"""Cross-sell: the best department x product openings across the portfolio."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request

from web import as_of, downloads, get_store, pages

bp = Blueprint("cross_sell", __name__, url_prefix="/cross-sell")


@bp.get("")
def index() -> Any:
    board = pages.cross_sell_page(get_store(), as_of=as_of(),
                                       status=request.args.get("status", ""),
                                       product_id=request.args.get("product", ""))
    return render_template("cross_sell/index.html", board=board)


@bp.get("/export.xlsx")
def workbook() -> Any:
    """Every stored opening, best first (the Whitespace sheet), as an Excel download."""
    return downloads.workbook("Whitespace", "cross-sell")
