"""Portfolio: every account with its health figures, sortable, filterable, paged."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request

from graphprofile import views_data
from graphprofile.errors import InvalidInput
from graphprofile.models import StrategicClass
from web import as_of, get_store

bp = Blueprint("portfolio", __name__)


def _int(name: str, default: int) -> int:
    value = request.args.get(name, "")
    if not value:
        return default
    if not value.isdigit():
        raise InvalidInput(f"{name} must be a whole number, got {value!r}")
    return int(value)


@bp.get("/")
def index() -> Any:
    query = {
        "sort": request.args.get("sort") or "name",
        "desc": request.args.get("dir") == "desc",
        "search": request.args.get("q", ""),
        "strategic_class": request.args.get("class", ""),
        "flag": request.args.get("flag", ""),
        "page": _int("page", 1),
        "per_page": _int("per_page", 25),
    }
    page = views_data.portfolio_page(get_store(), as_of=as_of(), **query)
    return render_template("portfolio/index.html", page=page, query=query,
                           classes=[c.value for c in StrategicClass],
                           flags=list(views_data.PORTFOLIO_FLAGS))
