"""Follow-ups: decision makers overdue for a touch, stage velocity and each
opportunity's procurement timeline. The JSON API mirrors ``graphprofile follow-ups
--json``, key for key."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, render_template, request

from graphprofile import services
from graphprofile.services import followups
from web import as_of, get_store, int_arg
from web.pages.common import paged

bp = Blueprint("followups", __name__, url_prefix="/follow-ups")
api = Blueprint("followups_api", __name__, url_prefix="/api")


def _report() -> dict[str, Any]:
    """The report the request asks for: ``?company=&opportunity=&as_of=&cadence=``."""
    return followups.follow_ups(get_store(), company_id=request.args.get("company") or None,
                                opportunity_id=request.args.get("opportunity") or None,
                                as_of=as_of(),
                                cadence_days=int_arg("cadence", followups.DEFAULT_CADENCE))


@bp.get("")
def index() -> Any:
    report = _report()
    store = get_store()
    # Open deals first on the timelines: they are what a follow-up can still move.
    deals = sorted(report["opportunities"], key=lambda o: o["stage"] in ("won", "lost"))
    page = paged(deals, int_arg("page", 1), max(1, min(int_arg("per_page", 20), 200)))
    return render_template(
        "followups/index.html", report=report, page=page,
        companies=sorted(services.company_names(store, services.account_ids(store)).items(),
                         key=lambda c: (c[1].lower(), c[0])),
        company_id=request.args.get("company") or "",
        opportunity_id=request.args.get("opportunity") or "",
        company_names={o["company_id"]: o["company_name"] for o in report["opportunities"]},
        deal_names={o["opportunity_id"]: o["name"] for o in report["opportunities"]},
        open_deals=sum(o["stage"] not in ("won", "lost") for o in report["opportunities"]),
        follow_up_count=sum(len(o["follow_ups"]) for o in report["opportunities"]))


@api.get("/follow-ups")
def follow_ups_json() -> Any:
    return jsonify(_report())
