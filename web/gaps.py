"""Gaps: coverage gaps across the portfolio, and what happens if a colleague leaves."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request

from web import as_of, downloads, get_store, int_arg, pages

bp = Blueprint("gaps", __name__, url_prefix="/gaps")


@bp.get("")
def index() -> Any:
    report = pages.gaps_page(get_store(), as_of=as_of(),
                                  colleague_id=request.args.get("colleague") or None,
                                  page=int_arg("page", 1), per_page=int_arg("per_page", 50))
    return render_template("gaps/index.html", report=report)


@bp.get("/export.xlsx")
def workbook() -> Any:
    """Every account's gaps (the Gaps sheet), as an Excel download."""
    return downloads.workbook("Gaps", "gaps")
