"""The pages of one account: the account itself, a person, an opportunity, and the
person forms' choices; each loads the account's graph once."""

from __future__ import annotations

from datetime import date
from typing import Any

from graphprofile import analytics, services
from graphprofile.analytics import DEFAULTS, AnalyticsSettings, politics, resilience
from graphprofile.analytics.decay import relationship_strength
from graphprofile.models import OPEN_STAGES, AccountSnapshot
from graphprofile.render import main_role, orgchart, orgtree
from graphprofile.store import Store
from graphprofile.summaries import company_attrs, last_touch
from web.pages.common import name_of, named_paths

__all__ = ["account_choices", "account_page", "opportunity_page", "person_form",
           "person_page"]


def account_page(store: Store, company_id: str, *, as_of: date,
                 settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """Profile, org chart, audit, gaps, opportunities and whitespace grid of one account.

    People come without their personal profiles (interests, contact details, notes): the
    page shows none of them, and a person's own page loads them.
    """
    G = services.account_graph_of(store, company_id)
    company = company_attrs(G)
    parent = company.get("parent_id")
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
        ({**a, "department": name_of(G, "department", a.get("department_id")),
          "product": name_of(G, "product", a.get("product_id")),
          "owner": name_of(G, "colleague", a.get("owner_id")),
          "is_open": a.get("stage") in OPEN_STAGES}
         for n, a in G.nodes(data=True) if a.get("kind") == "opportunity"),
        key=lambda o: (not o["is_open"], o["id"]))
    top = [{"id": pid, "name": name_of(G, "person", pid), **values}
           for pid, values in list(influence.items())[:10]]
    return {
        "company": company,
        "parent": ({"id": parent, "name": name_of(G, "company", parent)} if parent else None),
        "strategic_class": klass.value, "strategic_class_reason": reason,
        "audit": {**audit, "questions": list(analytics.QUESTIONS),
                  "confirmations": analytics.confirmations(G, as_of=as_of)},
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
        "tree": orgtree(G, as_of=as_of, influence=influence, settings=settings),
        "bus_factor": resilience.bus_factor(G, as_of=as_of, settings=settings),
        "coalitions": politics.coalitions(G),
        "as_of": as_of,
    }


def _gap(attrs: dict[str, Any]) -> int | None:
    """Target minus current relationship level (0 once reached); None without a target."""
    target = attrs.get("target_strength")
    return None if target is None else max(int(target) - int(attrs.get("strength") or 0), 0)


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
                     key=lambda p: (name_of(G, "person", p), p))
    roles = []
    for _, _target, key, attrs in G.out_edges(node, keys=True, data=True):
        if key.startswith("role:"):
            opp = attrs.get("opportunity_id")
            roles.append({"role": str(attrs.get("role")), "stance": str(attrs.get("stance")),
                          "opportunity_id": opp,
                          "opportunity": name_of(G, "opportunity", opp) if opp else None,
                          "note": attrs.get("note")})
    roles.sort(key=lambda r: (r["opportunity_id"] or "", r["role"]))
    relationships, interactions = [], []
    for u, _, key, attrs in G.in_edges(node, keys=True, data=True):
        if key == "knows":
            relationships.append({"colleague_id": u[1], "colleague": name_of(G, "colleague", u[1]),
                                  "strength": attrs.get("strength"),
                                  "effective_strength": relationship_strength(
                                      attrs, as_of=as_of, settings=settings),
                                  "target_strength": attrs.get("target_strength"),
                                  "gap": _gap(attrs),
                                  "last_contact": attrs.get("last_contact")})
        elif key.startswith("interacted:"):
            interactions.append({"colleague_id": u[1],
                                 "colleague": name_of(G, "colleague", u[1]),
                                 "date": attrs.get("date"), "type": str(attrs.get("type")),
                                 "summary": attrs.get("summary"),
                                 "opportunity_id": attrs.get("opportunity_id")})
    relationships.sort(key=lambda r: (-(r["strength"] or 0), r["colleague_id"]))
    interactions.sort(key=lambda i: (i["date"] or date.min), reverse=True)
    influence = analytics.influence(G, settings=settings).get(person_id, {})
    engaged = person_id in analytics.engaged_contacts(G, as_of=as_of, settings=settings)
    stale = person_id in analytics.stale_people(G, as_of=as_of, settings=settings)
    paths = named_paths(G, person_id, as_of=as_of, settings=settings)
    previous = [{"id": c, "name": c} for c in person.get("previous_company_ids") or []]
    role, stance = main_role([(r["role"], r["stance"]) for r in roles])
    opportunities = sorted(
        ({"id": n[1], "name": a.get("name") or n[1], "stage": str(a.get("stage") or "")}
         for n, a in G.nodes(data=True) if a.get("kind") == "opportunity"),
        key=lambda o: (o["name"].lower(), o["id"]))
    return {
        "person": person, "company": company_attrs(G), "main_role": role, "main_stance": stance,
        "department": name_of(G, "department", person.get("department_id")),
        "manager": {"id": manager, "name": name_of(G, "person", manager)} if manager else None,
        "reports": [{"id": p, "name": name_of(G, "person", p)} for p in reports],
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
          "colleague": name_of(G, "colleague", u[1]), "person_id": v[1],
          "person": name_of(G, "person", v[1])}
         for u, v, k, a in G.edges(keys=True, data=True)
         if k.startswith("interacted:") and a.get("opportunity_id") == opportunity_id),
        key=lambda i: i["date"] or date.min, reverse=True)
    return {
        "opportunity": opp, "company": company_attrs(G),
        "is_open": opp.get("stage") in OPEN_STAGES,
        "department": name_of(G, "department", opp.get("department_id")),
        "product": name_of(G, "product", opp.get("product_id")),
        "owner": name_of(G, "colleague", opp.get("owner_id")),
        "committee": committee, "missing_roles": missing_roles,
        "unknown_deciders": [
            {**m, "paths": named_paths(G, m["id"], k=1, as_of=as_of, settings=settings)}
            for m in committee if m["role"] in settings.decision_roles and not m["engaged"]
        ],
        "history": history, "as_of": as_of,
    }
