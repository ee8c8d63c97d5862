"""What changed: the import history of an account, champions who moved and upsell
signals. The JSON API mirrors ``graphprofile changes``, ``moves`` and ``signals --json``."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, jsonify, render_template, request

from graphprofile.errors import InvalidInput
from graphprofile.services import history
from web import get_store

bp = Blueprint("history", __name__, url_prefix="/changes")
api = Blueprint("history_api", __name__, url_prefix="/api")


def _since() -> date | None:
    value = request.args.get("since")
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"since must be an ISO date (YYYY-MM-DD), got {value!r}") from None


def _fraction(name: str, default: float) -> float:
    value = request.args.get(name)
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if number < 0:
        raise InvalidInput(f"{name} must be a fraction of 0 or more (0.1 = 10 %), got {value!r}")
    return number


def _signals(company_id: str | None) -> dict[str, Any]:
    return history.signals(
        get_store(), company_id,
        revenue_growth=_fraction("revenue_growth", history.REVENUE_GROWTH),
        headcount_growth=_fraction("headcount_growth", history.HEADCOUNT_GROWTH))


@bp.get("")
def index() -> Any:
    store = get_store()
    return render_template("history/index.html", moves=history.moves(store)["moves"],
                           signals=_signals(None))


@bp.get("/<company_id>")
def company(company_id: str) -> Any:
    store = get_store()
    since = _since()
    return render_template("history/company.html",
                           changes=history.company_changes(store, company_id, since),
                           moves=history.moves(store, company_id)["moves"],
                           signals=_signals(company_id), since=since)


@api.get("/changes/<company_id>")
def changes_json(company_id: str) -> Any:
    return jsonify(history.company_changes(get_store(), company_id, _since()))


@api.get("/moves")
def moves_json() -> Any:
    return jsonify(history.moves(get_store(), request.args.get("company") or None))


@api.get("/signals")
def signals_json() -> Any:
    return jsonify(_signals(request.args.get("company") or None))
