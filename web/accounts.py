"""Account: org chart, company profile, audit, gaps, recent changes and warm leads who
moved here, opportunities and whitespace grid."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, url_for

from graphprofile.render import orgchart_html, orgtree_html
from graphprofile.services import history
from web import as_of, get_store, pages
from web.interviews import page_sources

bp = Blueprint("accounts", __name__, url_prefix="/accounts")


@bp.get("/<company_id>")
def show(company_id: str) -> Any:
    account = pages.account_page(get_store(), company_id, as_of=as_of())
    profile_base = url_for("people.show", person_id="__id__")
    chart = orgchart_html(account["chart"], profile_base=profile_base)
    tree = orgtree_html(account["tree"], profile_base=profile_base)
    store = get_store()
    recent = {**history.recent_changes(store, company_id),
              "moves": history.moves(store, company_id)["moves"]}
    return render_template("accounts/show.html", account=account, chart_html=chart,
                           tree_html=tree, recent=recent,
                           sources=page_sources("company", company_id))
