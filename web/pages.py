"""Read-only page models for the web explorer: one account graph loaded once per page.

Each function answers one screen from what :mod:`graphprofile.services` loads and the
analytics, or, for the portfolio-wide pages (portfolio, gaps, cross-sell), from the
stored per-account summaries (:mod:`graphprofile.summaries`), and returns plain dicts
with names resolved next to ids, so templates never look anything up. Nothing here
writes (but the summaries compute what is missing) and no store is reached but through
a service.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import networkx as nx

from graphprofile import analytics, services
from graphprofile.analytics import DEFAULTS, AnalyticsSettings
from graphprofile.errors import InvalidInput
from graphprofile.models import OPEN_STAGES, AccountSnapshot, StrategicClass
from graphprofile.render import main_role, orgchart
from graphprofile.store import Store
from graphprofile.summaries import (
    PAGE_FLAGS,
    PAGE_SORTS,
    company_attrs,
    last_touch,
    stored_cross_sell,
    summary_page,
    up_to_date,
)

__all__ = [
    "PORTFOLIO_FLAGS", "PORTFOLIO_SORTS", "account_page", "account_choices", "colleagues",
    "cross_sell_page", "gaps_page", "opportunity_page", "page_numbers", "person_form",
    "person_page", "portfolio_page",
]


def _name(G: nx.MultiDiGraph, kind: str, ident: str | None) -> str:
    if ident is None:
        return ""
    node = (kind, ident)
    return str(G.nodes[node].get("name") or ident) if node in G else ident


# Orders and flags the portfolio page offers (the stored summaries are sorted and
# filtered by the server: see summaries.summary_page).
PORTFOLIO_SORTS = tuple(key for key in PAGE_SORTS if key != "id")
PORTFOLIO_FLAGS = PAGE_FLAGS


def portfolio_page(store: Store, *, as_of: date, sort: str = "name", desc: bool = False,
                   search: str = "", strategic_class: str = "", flag: str = "",
                   page: int = 1, per_page: int = 25,
                   settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """Every account with its health figures, filtered, sorted and paged.

    Raises InvalidInput for an unknown sort key, class or flag, or a bad page.
    """
    if sort not in PORTFOLIO_SORTS:
        raise InvalidInput(f"unknown sort key {sort!r}; use one of {sorted(PORTFOLIO_SORTS)}")
    if strategic_class and strategic_class not in {c.value for c in StrategicClass}:
        raise InvalidInput(f"unknown strategic class {strategic_class!r}")
    if flag and flag not in PORTFOLIO_FLAGS:
        raise InvalidInput(f"unknown flag {flag!r}; use one of {sorted(PORTFOLIO_FLAGS)}")
    _check_page(page, per_page)
    up_to_date(store, as_of=as_of, settings=settings)
    found = summary_page(store, as_of=as_of, sort=sort, desc=desc, search=search,
                         strategic_class=strategic_class, flag=flag,
                         skip=(page - 1) * per_page, limit=per_page, bands=COVERAGE_BANDS)
    bands = [{"label": f"{low:.0%}–{high:.0%}", **band}
             for (low, high), band in zip(COVERAGE_BANDS, found["bands"], strict=True)]
    return {**_paged(found["rows"], page, per_page, total=found["total"]), "as_of": as_of,
            "coverage_bands": bands}


def _check_page(page: int, per_page: int) -> None:
    if page < 1 or not 1 <= per_page <= 200:
        raise InvalidInput("page must be >= 1 and per_page between 1 and 200")


def _paged(rows: list[dict[str, Any]], page: int, per_page: int, *,
           total: int | None = None) -> dict[str, Any]:
    """One page with what the pager shows (``templates/_pager.html``): ``rows`` is every
    row, or only this page's when the server paged them (``total`` then counts all)."""
    if total is None:
        total = len(rows)
        rows = rows[(page - 1) * per_page:page * per_page]
    pages = max(1, math.ceil(total / per_page))
    return {"rows": rows, "total": total, "page": page,
            "pages": pages, "per_page": per_page, "links": page_numbers(page, pages)}


def page_numbers(page: int, pages: int, *, around: int = 2) -> list[int | None]:
    """The page numbers a pager links to: the first, the last and ``around`` either side
    of ``page``; None where numbers are left out.

    >>> page_numbers(1, 3)
    [1, 2, 3]
    >>> page_numbers(10, 200)
    [1, None, 8, 9, 10, 11, 12, None, 200]
    """
    shown = sorted({1, pages, *range(max(1, page - around), min(pages, page + around) + 1)})
    numbers: list[int | None] = []
    previous = 0
    for n in shown:
        if n - previous > 1:
            numbers.append(None)
        numbers.append(n)
        previous = n
    return numbers


# Fifths of influence coverage for the portfolio chart (the last band is closed: 100 %
# counts in 80-100 %).
COVERAGE_BANDS = ((0.0, 0.2), (0.2, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 1.0))


def account_page(store: Store, company_id: str, *, as_of: date,
                 settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """Profile, org chart, audit, gaps, opportunities and whitespace grid of one account.

    People come without their personal profiles (interests, contact details, notes): the
    page shows none of them, and a person's own page loads them.
    """
    G = services.account_graph_of(store, company_id)
    company = company_attrs(G)
    scores = analytics.influence_scores(G, settings=settings)  # PageRank once per page
    influence = analytics.influence(G, settings=settings, scores=scores)
    gaps = analytics.gaps(G, as_of=as_of, settings=settings, scores=scores)
    audit = analytics.audit(G, as_of=as_of, settings=settings)
    klass, reason = analytics.strategic_class(company, settings=settings)
    cells = analytics.whitespace(G, peers=services.peer_stats(store), as_of=as_of,
                                 settings=settings)
    departments = sorted(
        ({"id": n[1], "name": a.get("name") or n[1], "function": str(a.get("function") or "")}
         for n, a in G.nodes(data=True) if a.get("kind") == "department"),
        key=lambda d: d["id"])
    products = sorted(
        ({"id": n[1], "name": a.get("name") or n[1], "category": a.get("category")}
         for n, a in G.nodes(data=True) if a.get("kind") == "product"),
        key=lambda p: p["id"])
    grid = {(c["department_id"], c["product_id"]): c for c in cells}
    opportunities = sorted(
        ({**a, "department": _name(G, "department", a.get("department_id")),
          "product": _name(G, "product", a.get("product_id")),
          "owner": _name(G, "colleague", a.get("owner_id")),
          "is_open": a.get("stage") in OPEN_STAGES}
         for n, a in G.nodes(data=True) if a.get("kind") == "opportunity"),
        key=lambda o: (not o["is_open"], o["id"]))
    top = [{"id": pid, "name": _name(G, "person", pid), **values}
           for pid, values in list(influence.items())[:10]]
    return {
        "company": company,
        "parent": ({"id": company["parent_id"], "name": _name(G, "company", company["parent_id"])}
                   if company.get("parent_id") else None),
        "strategic_class": klass.value, "strategic_class_reason": reason,
        "audit": {**audit, "questions": list(analytics.QUESTIONS)},
        "gaps": gaps,
        "names": {
            "person": {n[1]: a.get("name") or n[1] for n, a in G.nodes(data=True)
                       if a.get("kind") == "person"},
            "department": {d["id"]: d["name"] for d in departments},
            "colleague": {n[1]: a.get("name") or n[1] for n, a in G.nodes(data=True)
                          if a.get("kind") == "colleague"},
        },
        "opportunities": opportunities,
        "departments": departments, "products": products, "grid": grid, "cells": cells,
        "top_influence": top,
        "last_touch": last_touch(G, as_of),
        "chart": orgchart(G, as_of=as_of, influence=influence, settings=settings),
        "as_of": as_of,
    }


def person_page(store: Store, person_id: str, *, as_of: date,
                settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """A person's profile: position, roles, our relationships, history, warm paths."""
    company_id = services.owner_company(store, "people", person_id, "person")
    G = services.account_graph_of(store, company_id, profiles=True)
    node = ("person", person_id)
    person = dict(G.nodes[node])
    manager = next((v[1] for _, v, k in G.out_edges(node, keys=True) if k == "reports_to"),
                   None)
    reports = sorted((u[1] for u, _, k in G.in_edges(node, keys=True) if k == "reports_to"),
                     key=lambda p: (_name(G, "person", p), p))
    roles = []
    for _, _target, key, attrs in G.out_edges(node, keys=True, data=True):
        if key.startswith("role:"):
            opp = attrs.get("opportunity_id")
            roles.append({"role": str(attrs.get("role")), "stance": str(attrs.get("stance")),
                          "opportunity_id": opp,
                          "opportunity": _name(G, "opportunity", opp) if opp else None,
                          "note": attrs.get("note")})
    roles.sort(key=lambda r: (r["opportunity_id"] or "", r["role"]))
    relationships, interactions = [], []
    for u, _, key, attrs in G.in_edges(node, keys=True, data=True):
        if key == "knows":
            relationships.append({"colleague_id": u[1], "colleague": _name(G, "colleague", u[1]),
                                  "strength": attrs.get("strength"),
                                  "last_contact": attrs.get("last_contact")})
        elif key.startswith("interacted:"):
            interactions.append({"colleague_id": u[1],
                                 "colleague": _name(G, "colleague", u[1]),
                                 "date": attrs.get("date"), "type": str(attrs.get("type")),
                                 "summary": attrs.get("summary"),
                                 "opportunity_id": attrs.get("opportunity_id")})
    relationships.sort(key=lambda r: (-(r["strength"] or 0), r["colleague_id"]))
    interactions.sort(key=lambda i: (i["date"] or date.min), reverse=True)
    influence = analytics.influence(G, settings=settings).get(person_id, {})
    engaged = person_id in analytics.engaged_contacts(G, as_of=as_of, settings=settings)
    stale = person_id in analytics.stale_people(G, as_of=as_of, settings=settings)
    paths = _named_paths(G, person_id, settings=settings)
    previous = [{"id": c, "name": c} for c in person.get("previous_company_ids") or []]
    role, stance = main_role([(r["role"], r["stance"]) for r in roles])
    opportunities = sorted(
        ({"id": n[1], "name": a.get("name") or n[1], "stage": str(a.get("stage") or "")}
         for n, a in G.nodes(data=True) if a.get("kind") == "opportunity"),
        key=lambda o: (o["name"].lower(), o["id"]))
    return {
        "person": person, "company": company_attrs(G), "main_role": role, "main_stance": stance,
        "department": _name(G, "department", person.get("department_id")),
        "manager": {"id": manager, "name": _name(G, "person", manager)} if manager else None,
        "reports": [{"id": p, "name": _name(G, "person", p)} for p in reports],
        "roles": roles, "relationships": relationships, "interactions": interactions,
        "influence": influence, "engaged": engaged, "stale": stale, "paths": paths,
        "previous_companies": previous, "opportunities": opportunities, "as_of": as_of,
    }


def account_choices(store: Store, company_id: str) -> dict[str, Any]:
    """The company with its departments and people by name, for a form's drop-downs."""
    return _choices(services.account_snapshot(store, company_id))


def _choices(snapshot: AccountSnapshot) -> dict[str, Any]:
    return {
        "company": snapshot.company.model_dump(mode="json"),
        "departments": [{"id": d.id, "name": d.name} for d in
                        sorted(snapshot.departments, key=lambda d: (d.name.lower(), d.id))],
        "people": [{"id": p.id, "name": p.name, "title": p.title} for p in
                   sorted(snapshot.people, key=lambda p: (p.name.lower(), p.id))],
    }


def person_form(store: Store, person_id: str) -> dict[str, Any]:
    """A stored person as form values (lists ``;``-joined), with the account's choices.

    The person is left out of the managers offered (nobody reports to themselves).
    """
    company_id = services.owner_company(store, "people", person_id, "person")
    snapshot = services.account_snapshot(store, company_id)
    person = next(p for p in snapshot.people if p.id == person_id)
    values = {key: "" if value is None else
              "; ".join(value) if isinstance(value, list) else str(value)
              for key, value in person.to_properties().items()}
    choices = _choices(snapshot)
    choices["people"] = [p for p in choices["people"] if p["id"] != person_id]
    return {"person": values, "version": services.person_version(person), **choices}


def _named_paths(G: Any, person_id: str, *, k: int | None = None,
                 settings: AnalyticsSettings = DEFAULTS) -> list[dict[str, Any]]:
    """Warm paths to a person with each step's display name."""
    named = []
    for path in analytics.warm_paths(G, person_id, k=k, settings=settings):
        steps = path["nodes"]
        names = [_name(G, "colleague", steps[0])] + [_name(G, "person", p) for p in steps[1:]]
        named.append({"score": path["score"], "steps": list(zip(steps, names, strict=True))})
    return named


def opportunity_page(store: Store, opportunity_id: str, *, as_of: date,
                     settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """A deal with its buying committee, our coverage of it and its history."""
    company_id = services.owner_company(store, "opportunities", opportunity_id, "opportunity")
    G = services.account_graph_of(store, company_id, profiles=True)
    node = ("opportunity", opportunity_id)
    opp = dict(G.nodes[node])
    influence = analytics.influence(G, settings=settings)
    engaged = set(analytics.engaged_contacts(G, as_of=as_of, settings=settings))
    best: dict[str, int] = {}
    for u, v, key, s in G.edges(keys=True, data="strength"):
        if key == "knows" and u[0] == "colleague":
            best[v[1]] = max(best.get(v[1], 0), int(s or 0))
    committee = []
    for u, _, key, attrs in G.in_edges(node, keys=True, data=True):
        if key.startswith("role:"):
            p = G.nodes[u]
            committee.append({
                "id": u[1], "name": p.get("name") or u[1], "title": p.get("title"),
                "role": str(attrs.get("role")), "stance": str(attrs.get("stance")),
                "note": attrs.get("note"), "engaged": u[1] in engaged,
                "relationship": best.get(u[1], 0),
                "influence": influence.get(u[1], {}).get("score", 0.0)})
    committee.sort(key=lambda m: (-m["influence"], m["id"]))
    held = {m["role"] for m in committee}
    missing_roles = [r for r in ("decision_maker", "economic_buyer", "champion",
                                 "technical_evaluator") if r not in held]
    history = sorted(
        ({"date": a.get("date"), "type": str(a.get("type")), "summary": a.get("summary"),
          "colleague": _name(G, "colleague", u[1]), "person_id": v[1],
          "person": _name(G, "person", v[1])}
         for u, v, k, a in G.edges(keys=True, data=True)
         if k.startswith("interacted:") and a.get("opportunity_id") == opportunity_id),
        key=lambda i: i["date"] or date.min, reverse=True)
    return {
        "opportunity": opp, "company": company_attrs(G),
        "is_open": opp.get("stage") in OPEN_STAGES,
        "department": _name(G, "department", opp.get("department_id")),
        "product": _name(G, "product", opp.get("product_id")),
        "owner": _name(G, "colleague", opp.get("owner_id")),
        "committee": committee, "missing_roles": missing_roles,
        "unknown_deciders": [
            {**m, "paths": _named_paths(G, m["id"], k=1, settings=settings)}
            for m in committee if m["role"] in settings.decision_roles and not m["engaged"]
        ],
        "history": history, "as_of": as_of,
    }


def colleagues(store: Store) -> list[dict[str, Any]]:
    """Our team, by name."""
    team = [c.model_dump(mode="json") for c in services.colleagues(store)]
    return sorted(team, key=lambda c: (c["name"].lower(), c["id"]))


def gaps_page(store: Store, *, as_of: date, colleague_id: str | None = None,
              page: int = 1, per_page: int = 50,
              settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """Coverage gaps of every account from the stored summaries, in id order and paged,
    and optionally one colleague's rep risk.

    Raises InvalidInput for a bad page.
    """
    _check_page(page, per_page)
    up_to_date(store, as_of=as_of, settings=settings)
    found = summary_page(store, as_of=as_of, sort="id", skip=(page - 1) * per_page,
                         limit=per_page)
    paged = _paged(found["rows"], page, per_page, total=found["total"])
    accounts = [{**row, "unknown_deciders": list(zip(row["unknown_decision_makers"],
                                                     row["unknown_decision_maker_names"],
                                                     strict=True))}
                for row in paged.pop("rows")]
    risk = (services.rep_risk(store, colleague_id, as_of=as_of, settings=settings)
            if colleague_id else None)
    at_risk = {a["company_id"] for a in risk["accounts"]} if risk else set()
    return {**paged, "as_of": as_of, "accounts": accounts, "colleagues": colleagues(store),
            "colleague_id": colleague_id, "risk": risk,
            "account_names": services.company_names(store, at_risk)}


CROSS_SELL_STATUSES = ("whitespace", "competitor", "opportunity")


def department_entry(G: nx.MultiDiGraph, department_id: str, *, as_of: date,
                     settings: AnalyticsSettings = DEFAULTS,
                     scores: dict[str, float] | None = None) -> dict[str, Any]:
    """Who gets us into a department: its most influential engaged person, else the best
    warm path to its most influential person, else nobody yet. ``scores``: the account's
    influence scores when the caller asks for several departments of one account."""
    dept = ("department", department_id)
    members = sorted(u[1] for u, _, key in G.in_edges(dept, keys=True) if key == "member_of")
    if not members:
        return {"kind": "none", "text": "nobody recorded in this department yet"}
    if scores is None:
        scores = analytics.influence_scores(G, settings=settings)
    ranked = sorted(members, key=lambda pid: (-scores.get(pid, 0.0), pid))
    engaged = set(analytics.engaged_contacts(G, as_of=as_of, settings=settings))
    inside = [pid for pid in ranked if pid in engaged]
    if inside:
        person = inside[0]
        colleagues = sorted({_name(G, "colleague", u[1]) for u, _, key in
                             G.in_edges(("person", person), keys=True)
                             if key == "knows" or key.startswith("interacted:")})
        return {"kind": "engaged", "person_id": person,
                "text": f"{_name(G, 'person', person)} (engaged; known by "
                        f"{', '.join(colleagues)})"}
    for person in ranked[:3]:
        paths = _named_paths(G, person, k=1, settings=settings)
        if paths:
            steps = " → ".join(name for _, name in paths[0]["steps"])
            return {"kind": "path", "person_id": person,
                    "text": f"warm path {paths[0]['score']:.2f}: {steps}"}
    return {"kind": "cold", "person_id": ranked[0],
            "text": f"no warm path yet; the department's most influential person is "
                    f"{_name(G, 'person', ranked[0])}"}


def _add_entry_paths(store: Store, cells: list[dict[str, Any]], *, as_of: date,
                     settings: AnalyticsSettings) -> None:
    """Give each shown cell its department's entry (one graph load per account)."""
    by_company: dict[str, list[dict[str, Any]]] = {}
    for cell in cells:
        by_company.setdefault(cell["company_id"], []).append(cell)
    for company_id, company_cells in by_company.items():
        G = services.account_graph_of(store, company_id)
        scores = analytics.influence_scores(G, settings=settings)
        entries: dict[str, dict[str, Any]] = {}
        for cell in company_cells:
            dept = cell["department_id"]
            if dept not in entries:
                entries[dept] = department_entry(G, dept, as_of=as_of, settings=settings,
                                                 scores=scores)
            cell["entry"] = entries[dept]


def cross_sell_page(store: Store, *, as_of: date, status: str = "", product_id: str = "",
                    limit: int = 200, settings: AnalyticsSettings = DEFAULTS
                    ) -> dict[str, Any]:
    """Every non-owned department x product cell of the portfolio, best propensity first.

    The cells are stored with the account summaries (see :mod:`graphprofile.summaries`):
    only accounts without a summary for ``as_of`` are analysed, and the scores use the
    peer figures of the moment each account was last refreshed. Only the shown cells'
    accounts are loaded, for the way into each department.
    Raises InvalidInput for an unknown status or product.
    """
    if status and status not in CROSS_SELL_STATUSES:
        raise InvalidInput(f"unknown status {status!r}; use one of {list(CROSS_SELL_STATUSES)}")
    products = [(p.id, p.name or p.id) for p in services.products(store)]
    if product_id and product_id not in dict(products):
        raise InvalidInput(f"unknown product {product_id!r}")
    up_to_date(store, as_of=as_of, settings=settings)  # the accounts (and cells) not stored
    shown, total = stored_cross_sell(store, as_of=as_of, status=status, product_id=product_id,
                                     limit=limit)
    _add_entry_paths(store, shown, as_of=as_of, settings=settings)
    return {"cells": shown, "total": total, "products": products,
            "statuses": CROSS_SELL_STATUSES, "status": status, "product_id": product_id,
            "as_of": as_of}
