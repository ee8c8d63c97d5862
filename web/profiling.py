"""The ideal customer profile page: the best customers, what they share, every
company's fit and the decision-maker personas; editors save an edited profile. The
JSON API mirrors ``graphprofile icp``, ``fit`` and ``persona --json``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, jsonify, redirect, render_template, request

from graphprofile.errors import InvalidInput
from graphprofile.services import profiling
from web import get_store, link

bp = Blueprint("profiling", __name__, url_prefix="/profile")
api = Blueprint("profiling_api", __name__, url_prefix="/api")


def _ids(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


@bp.get("")
def index() -> Any:
    best = request.args.get("best")
    page = profiling.overview(get_store(), _ids(best) if best else None)
    return render_template("profiling/index.html", profile=page["profile"], fit=page["fit"],
                           personas=page["personas"],
                           saved=request.args.get("saved") == "1")


@bp.post("")
def save() -> Any:
    profiling.save_ideal_profile(get_store(), _ids(request.form.get("best", "")),
                                 request.form.get("card"), actor=g.user["username"])
    return redirect(link("profiling.index", saved="1"))


@api.get("/icp")
def icp_json() -> Any:
    best = request.args.get("best")
    return jsonify(profiling.ideal_profile(get_store(), _ids(best) if best else None))


@api.post("/icp")
def save_json() -> Any:
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("best"), list):
        raise InvalidInput('send JSON {"best": [company ids], "card": "text (optional)"}')
    card = body.get("card")
    if card is not None and not isinstance(card, str):
        raise InvalidInput("card: text expected")
    return jsonify(profiling.save_ideal_profile(
        get_store(), [str(b) for b in body["best"]], card, actor=g.user["username"]))


@api.get("/fit")
def fit_json() -> Any:
    return jsonify(profiling.fit(get_store(), request.args.get("company") or None))


@api.get("/persona")
def persona_json() -> Any:
    return jsonify(profiling.persona(get_store()))
