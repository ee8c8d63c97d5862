"""Portfolio: every account with its health figures, sortable, filterable, paged."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request

from graphprofile.models import StrategicClass
from graphprofile.services import history
from web import as_of, downloads, get_store, int_arg, pages

bp = Blueprint("portfolio", __name__)
PORTFOLIO_MOVES = 10  # the warm leads the page lists; the Changes screen has them all


@bp.get("/")
def index() -> Any:
    query = {
        "sort": request.args.get("sort") or "name",
        "desc": request.args.get("dir") == "desc",
        "search": request.args.get("q", ""),
        "strategic_class": request.args.get("class", ""),
        "flag": request.args.get("flag", ""),
        "page": int_arg("page", 1),
        "per_page": int_arg("per_page", 25),
    }
    page = pages.portfolio_page(get_store(), as_of=as_of(), **query)
    moves = history.moves(get_store(), limit=PORTFOLIO_MOVES)["moves"]
    return render_template("portfolio/index.html", page=page, query=query, moves=moves,
                           classes=[c.value for c in StrategicClass],
                           flags=list(pages.PORTFOLIO_FLAGS))


@bp.get("/portfolio.xlsx")
def workbook() -> Any:
    """Every account's summary row (the Accounts sheet), as an Excel download."""
    return downloads.workbook("Accounts", "portfolio")
