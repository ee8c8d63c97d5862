"""JSON API mirroring the CLI's ``--json`` output, key for key."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from graphprofile import maps, services
from graphprofile.errors import InvalidInput
from graphprofile.services import connectors, cross_sell
from web import as_of, get_store
from web.imports import import_uploaded, source_asked

bp = Blueprint("api", __name__, url_prefix="/api")


def _k() -> int | None:
    value = request.args.get("k")
    if value is None or value == "":
        return None
    if not value.isdigit() or not 1 <= int(value) <= 50:
        raise InvalidInput(f"k must be a whole number from 1 to 50, got {value!r}")
    return int(value)


@bp.get("/accounts/<company_id>/influence")
def influence(company_id: str) -> Any:
    as_of()  # validated like every other endpoint, though influence does not use it
    return jsonify(services.influence(get_store(), company_id))


@bp.get("/gaps")
def gaps() -> Any:
    return jsonify(services.gaps(get_store(), request.args.get("company") or None,
                                 as_of=as_of()))


@bp.get("/colleagues/<colleague_id>/rep-risk")
def rep_risk(colleague_id: str) -> Any:
    return jsonify(services.rep_risk(get_store(), colleague_id, as_of=as_of()))


@bp.get("/people/<person_id>/paths")
def paths(person_id: str) -> Any:
    return jsonify(services.warm_paths(get_store(), person_id,
                                       from_colleague=request.args.get("from") or None,
                                       k=_k(), as_of=as_of()))


@bp.get("/accounts/<company_id>/whitespace")
def whitespace(company_id: str) -> Any:
    """Every cell of the account (``company_id``, ``cells``, as before) and, when any
    paging or filter argument is given, its openings filtered, sorted and paged like
    /api/cross-sell (``total``, ``page``, ``per_page``, ``pages``, ``items``, ``matrix``)."""
    store = get_store()
    grid = services.whitespace(store, company_id, as_of=as_of())
    if not set(request.args) & _OPENING_ARGS:
        return jsonify(grid)  # exactly what `graphprofile whitespace ID --json` prints
    query = cross_sell.parse_query(request.args, product_ids=cross_sell.product_ids(store))
    found = cross_sell.account_openings(store, company_id, query, as_of=as_of())
    return jsonify({**grid, **_openings_json(found, query)})


# The arguments that ask for the openings' page besides the grid.
_OPENING_ARGS = frozenset({"page", "per_page", "sort", "dir", "class", "product", "status",
                           "function", "min", "q"})


@bp.get("/cross-sell")
def cross_sell_openings() -> Any:
    """The portfolio's openings as the cross-sell page lists them: ``?page``,
    ``?per_page`` (1-200, default 25), ``?sort`` (propensity, account, department,
    product, class, status), ``?dir``, ``?class``, ``?product``, ``?status``,
    ``?function``, ``?min``, ``?q``; ``{"total", "page", "per_page", "pages", "items",
    "matrix", "sort", "desc"}``."""
    store = get_store()
    query = cross_sell.parse_query(request.args, product_ids=cross_sell.product_ids(store))
    return jsonify(_openings_json(cross_sell.opening_page(store, query, as_of=as_of()), query))


def _openings_json(found: dict[str, Any], query: cross_sell.CrossSellQuery) -> dict[str, Any]:
    return {"total": found["total"], "page": found["page"], "per_page": found["per_page"],
            "pages": found["pages"], "sort": query.sort, "desc": query.descending,
            "items": found["items"], "matrix": cross_sell.matrix_json(found["matrix"])}


@bp.get("/accounts/<company_id>/audit")
def audit(company_id: str) -> Any:
    return jsonify(services.audit(get_store(), company_id, as_of=as_of()))


@bp.post("/import")
def import_upload() -> Any:
    """Upload a bundle or a CRM export (field ``bundle``, ``source`` as on the import
    page): the CLI's ``import --json`` answer key for key; problems are a 400 error with
    ``problems`` (file, row, column, reason) and nothing written."""
    done = import_uploaded()
    assert done.result is not None
    answer: dict[str, Any] = {"imported": done.result.written, "total": done.result.total}
    if source_asked() != connectors.BUNDLE:
        answer.update(read=done.read, skipped=done.skipped)
    return jsonify(answer)


# --- Committee map and warm-path graph (graphprofile.maps): the pages' layouts as JSON ---

@bp.get("/opportunities/<opportunity_id>/map")
def committee_map(opportunity_id: str) -> Any:
    """The opportunity page's committee map: ``nodes``, ``edges``, ``warm_paths``,
    ``width``, ``height`` (see graphprofile.maps.committee_map)."""
    store = get_store()
    company_id = services.owner_company(store, "opportunities", opportunity_id, "opportunity")
    G = services.account_graph_of(store, company_id)
    return jsonify(maps.committee_map(G, opportunity_id, as_of=as_of()))


@bp.get("/people/<person_id>/path-graph")
def path_graph(person_id: str) -> Any:
    """The warm paths of /paths (same ``?k``) laid out as the person page draws them:
    ``target``, ``paths``, ``nodes``, ``edges``, ``lanes``, ``width``, ``height``."""
    as_of()
    store = get_store()
    G = services.account_graph_of(store, services.person_company(store, person_id))
    return jsonify(maps.warm_path_graph(G, person_id, k=_k(), as_of=as_of()))


@bp.get("/accounts/<company_id>/relationships")
def relationship_levels(company_id: str) -> Any:
    """As `graphprofile relationships ID --json`: current and target level, the gap."""
    from graphprofile.services.levels import levels

    return jsonify(levels(get_store(), company_id))


@bp.get("/people/<person_id>/relationships")
def person_relationship_levels(person_id: str) -> Any:
    """As `graphprofile relationships --person ID --json`."""
    from graphprofile.services.levels import levels

    return jsonify(levels(get_store(), person_id=person_id))
