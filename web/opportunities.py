"""Opportunity: the deal, its buying committee, how well we cover it and how far its
procurement has progressed."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from graphprofile import maps, services
from graphprofile.analytics import politics
from graphprofile.analytics.committee import committee
from graphprofile.services import followups
from web import as_of, get_store, pages

bp = Blueprint("opportunities", __name__, url_prefix="/opportunities")


@bp.get("/<opportunity_id>")
def show(opportunity_id: str) -> Any:
    deal = pages.opportunity_page(get_store(), opportunity_id, as_of=as_of())
    # Velocity over the deal's own account: a page view never reads the whole portfolio.
    progress = followups.follow_ups(get_store(), company_id=deal["company"]["id"],
                                    opportunity_id=opportunity_id, as_of=as_of())
    # The graph the page model was read from (remembered): maps and analytics take only
    # names, titles, lines and roles from it, never a personal field.
    G = services.account_graph_of(get_store(), deal["company"]["id"], profiles=True)
    cmap = maps.committee_map(G, opportunity_id, as_of=as_of())
    path_graphs = {m["id"]: maps.path_graph(G, [{"nodes": [i for i, _ in p["steps"]],
                                                 "score": p["score"]} for p in m["paths"]],
                                            m["id"])
                   for m in deal["unknown_deciders"]}
    # Required roles against the template, and each opponent's reach and counters.
    status = committee(G, opportunity_id, as_of=as_of())
    opposition = politics.blockers(G, opportunity_id)
    names = {n[1]: a.get("name") or n[1] for n, a in G.nodes(data=True)
             if a.get("kind") == "person"}
    return render_template("opportunities/show.html", deal=deal, progress=progress,
                           cmap=cmap, path_graphs=path_graphs, status=status,
                           opposition=opposition, names=names)
