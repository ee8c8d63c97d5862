"""Opportunity: the deal, its buying committee and how well we cover it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from web import as_of, get_store, pages

bp = Blueprint("opportunities", __name__, url_prefix="/opportunities")


@bp.get("/<opportunity_id>")
def show(opportunity_id: str) -> Any:
    deal = pages.opportunity_page(get_store(), opportunity_id, as_of=as_of())
    return render_template("opportunities/show.html", deal=deal)
