"""Gaps: coverage gaps across the portfolio, and what happens if a colleague leaves."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request

from graphprofile.services import resilience
from web import as_of, downloads, get_store, int_arg, pages

bp = Blueprint("gaps", __name__, url_prefix="/gaps")


@bp.get("")
def index() -> Any:
    report = pages.gaps_page(get_store(), as_of=as_of(),
                                  colleague_id=request.args.get("colleague") or None,
                                  page=int_arg("page", 1), per_page=int_arg("per_page", 50))
    return render_template("gaps/index.html", report=report, bus=_bus(report))


def _bus(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The relationship bus factor of the page's accounts only (one chunked read): its
    size and the colleagues its weakest key person hangs on, by name."""
    names = {c["id"]: c["name"] for c in report["colleagues"]}
    shown = {}
    found = resilience.bus_factors(get_store(), [a["id"] for a in report["accounts"]],
                                   as_of=report["as_of"])
    for company_id, bus in found.items():
        if bus["size"] is None:
            continue
        weakest = min(bus["targets"], key=lambda t: (t["size"], t["person_id"]))
        shown[company_id] = {"size": bus["size"],
                             "cut": [names.get(c, c) for c in weakest["cut"]]}
    return shown


@bp.get("/export.xlsx")
def workbook() -> Any:
    """Every account's gaps (the Gaps sheet), as an Excel download."""
    return downloads.workbook("Gaps", "gaps")
