"""Graph intelligence as JSON, with the CLI's keys: bus factor, departure what-if,
blocker proximity, coalitions, the committee against its template and consistency
checks."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, render_template, request

from graphprofile.errors import InvalidInput
from graphprofile.services import consistency, politics, resilience
from web import as_of, get_store

api = Blueprint("intelligence_api", __name__, url_prefix="/api")
pages = Blueprint("intelligence", __name__)


@pages.get("/people/<person_id>/what-if")
def what_if_page(person_id: str) -> Any:
    """What the account would lose if this customer-side person left, before it happens."""
    found = resilience.departure_view(get_store(), person_id, as_of=as_of())
    return render_template("people/what_if.html", what=found, names=found["names"])


@api.get("/accounts/<company_id>/bus-factor")
def bus_factor(company_id: str) -> Any:
    return jsonify(resilience.bus_factor(get_store(), company_id, as_of=as_of()))


@api.get("/accounts/<company_id>/what-if")
def what_if(company_id: str) -> Any:
    person = request.args.get("person")
    if not person:
        raise InvalidInput("person: give ?person=ID, the customer-side person who would leave")
    return jsonify(resilience.what_if(get_store(), company_id, person, as_of=as_of()))


@api.get("/opportunities/<opportunity_id>/blockers")
def blockers(opportunity_id: str) -> Any:
    return jsonify(politics.blockers(get_store(), opportunity_id))


@api.get("/accounts/<company_id>/coalitions")
def coalitions(company_id: str) -> Any:
    return jsonify(politics.coalitions(get_store(), company_id,
                                       opportunity_id=request.args.get("opportunity") or None))


@api.get("/check")
def check() -> Any:
    return jsonify(consistency.check(get_store(), request.args.get("company") or None))


@api.get("/opportunities/<opportunity_id>/committee")
def committee(opportunity_id: str) -> Any:
    return jsonify(politics.committee(get_store(), opportunity_id, as_of=as_of()))
