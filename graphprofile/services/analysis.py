"""Questions about accounts: load what a question needs, run the analytics, return plain
results that follow the JSON contract of the CLI."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

import networkx as nx

from graphprofile import analytics, portfolio, summaries
from graphprofile.analytics import DEFAULTS, AnalyticsSettings, PeerStats
from graphprofile.errors import InvalidInput, NotFound
from graphprofile.graph import account_graph
from graphprofile.models import Colleague, Product
from graphprofile.store import Store, cache
from graphprofile.store import accounts as repo
from graphprofile.store.records import StoreLookup, account_snapshot, export_records
from graphprofile.store.records import stats as store_stats

__all__ = [
    "account_graph_of", "account_ids", "account_report", "account_snapshot", "audit",
    "colleagues", "company_names", "compute_summaries", "gaps", "influence",
    "owner_company", "parse_as_of", "peer_stats", "person_company", "products", "rep_risk",
    "stats", "warm_paths", "whitespace",
]

# What the coverage questions (gaps, rep_risk) read of an account: its people, their
# lines and roles, our colleagues' links, the opportunities roles point at. Not the
# deployments or the product catalogue, which only cross-sell reads.
COVERAGE_PARTS = frozenset({"departments", "people", "influence", "colleagues",
                            "relationships", "account_team", "opportunities", "roles",
                            "interactions"})


def account_graph_of(store: Store, company_id: str, *, profiles: bool = False):
    """The graph of one stored account (people with their personal profiles only when
    ``profiles``), frozen: a web server's workers keep it until the next write (see
    :mod:`graphprofile.store.cache`). Raises NotFound for an unknown company."""
    return cache.remembered(store, ("account_graph", company_id, profiles), lambda: nx.freeze(
        account_graph(account_snapshot(store, company_id, profiles=profiles))))


def colleagues(store: Store) -> list[Colleague]:
    """Our team, in id order."""
    return list(export_records(store, "colleagues"))  # type: ignore[arg-type]


def products(store: Store) -> list[Product]:
    """Our product catalogue, in id order."""
    return list(export_records(store, "products"))  # type: ignore[arg-type]


def company_names(store: Store, ids: list[str] | set[str]) -> dict[str, str]:
    """Company id -> display name, for the stored ones of ``ids``."""
    return repo.company_names(store, ids)


def owner_company(store: Store, kind: str, ident: str, label: str) -> str:
    """The company owning row ``ident`` of ``kind`` (``"people"``, ``"opportunities"``,
    ``"departments"``); NotFound, naming it ``label``, when it is not stored."""
    found = StoreLookup(store).lookup(kind, [ident])
    if found.get(ident) is None:
        raise NotFound(f"no {label} with id {ident!r}")
    return str(found[ident])


def stats(store: Store) -> dict[str, dict[str, int]]:
    """Node counts per label and relationship counts per type."""
    return store_stats(store)


def account_ids(store: Store) -> list[str]:
    """Ids of every account (every company but one only named as someone's previous
    employer), sorted."""
    return repo.account_ids(store)


def person_company(store: Store, person_id: str) -> str:
    """The company a stored person works at; NotFound for an unknown person."""
    company_id = repo.person_company(store, person_id)
    if company_id is None:
        raise NotFound(f"no person with id {person_id!r}")
    return company_id


def _check_colleague(store: Store, colleague_id: str) -> None:
    if not repo.colleague_exists(store, colleague_id):
        raise NotFound(f"no colleague with id {colleague_id!r}")


def influence(store: Store, company_id: str, *,
              settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """``{"company_id", "people": [{"person_id", "score", "rank"}], "reporting_loops"}``.

    People are ranked; ``reporting_loops`` lists reporting cycles found in the stored
    data (the importer refuses them, but data can come from elsewhere).
    """
    graph = account_graph_of(store, company_id)
    scores = analytics.influence(graph, settings=settings)
    return {
        "company_id": company_id,
        "people": [{"person_id": pid, **values} for pid, values in scores.items()],
        "reporting_loops": analytics.reporting_loops(graph),
    }


def gaps(store: Store, company_id: str | None = None, *, as_of: date,
         settings: AnalyticsSettings = DEFAULTS, workers: int | None = None,
         started: Callable[[int], None] | None = None,
         progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Coverage gaps of one account, or of every account in id order.

    Every account is analysed on its own graph; a portfolio is loaded in chunks and
    answered by ``workers`` processes (see :mod:`graphprofile.portfolio`). ``started``
    is called with the number of accounts, ``progress`` with each number answered.
    """
    ids = [company_id] if company_id else account_ids(store)
    if started:
        started(len(ids))
    question = partial(analytics.gaps, as_of=as_of, settings=settings)
    companies = [{"company_id": cid, **found} for cid, found in
                 portfolio.answers(store, question, ids, workers=workers, progress=progress,
                                   parts=COVERAGE_PARTS)]
    return {"as_of": as_of.isoformat(), "companies": companies}


def compute_summaries(store: Store, *, as_of: date, everything: bool = False,
                      started: Callable[[int], None] | None = None,
                      progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Compute ahead the stored summaries the portfolio, gaps and cross-sell pages read:
    those missing or out of date for ``as_of``, or every account's with ``everything``.

    Returns ``{"as_of", "computed", "accounts"}``. ``started`` is called with the number
    of accounts to compute (when any), ``progress`` with each number computed.
    """
    found = summaries.stale(store, as_of=as_of, everything=everything)
    computed = 0
    if found is not None:
        if started:
            started(len(found.ids))
        computed = summaries.catch_up(store, found, as_of=as_of, progress=progress)
    return {"as_of": as_of.isoformat(), "computed": computed,
            "accounts": len(account_ids(store))}


def account_report(store: Store, company_id: str, *, as_of: date,
                   peers: PeerStats | None = None,
                   settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """Influence, gaps and whitespace of one account from ONE load of the account.

    The same results as :func:`influence`, :func:`gaps` and :func:`whitespace`, with the
    account loaded, its graph built and its influence computed once. Pass ``peers``
    (:func:`peer_stats`) to reuse portfolio figures across accounts.
    """
    graph = account_graph_of(store, company_id)
    scores = analytics.influence_scores(graph, settings=settings)
    ranked = analytics.influence(graph, settings=settings, scores=scores)
    found = analytics.gaps(graph, as_of=as_of, settings=settings, scores=scores)
    cells = analytics.whitespace(graph, peers=peers or peer_stats(store), as_of=as_of,
                                 settings=settings)
    return {
        "company_id": company_id,
        "influence": [{"person_id": pid, **values} for pid, values in ranked.items()],
        "gaps": {"company_id": company_id, **found},
        "whitespace": cells,
    }


def rep_risk(store: Store, colleague_id: str, *, as_of: date,
             settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """Accounts that go dark, or are weakened, if one colleague leaves.

    ``dark`` and ``weakened`` are sorted account ids; ``accounts`` gives the detail
    (contacts lost, decision makers left without a link) of every affected account.
    """
    _check_colleague(store, colleague_id)
    dark, weakened, detail = [], [], []
    ids = repo.colleague_account_ids(store, colleague_id)
    question = partial(analytics.rep_risk, colleague_id=colleague_id, as_of=as_of,
                       settings=settings)
    for cid, risk in portfolio.answers(store, question, ids, parts=COVERAGE_PARTS):
        if risk["dark"]:
            dark.append(cid)
        elif risk["weakened"]:
            weakened.append(cid)
        if risk["dark"] or risk["weakened"]:
            detail.append({"company_id": cid, **risk})
    return {"colleague_id": colleague_id, "as_of": as_of.isoformat(), "dark": dark,
            "weakened": weakened, "accounts": detail}


def warm_paths(store: Store, person_id: str, *, from_colleague: str | None = None,
               k: int | None = None, as_of: date | None = None,
               settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """The best introduction chains from our colleagues to a person, best first, with
    relationships decayed to ``as_of``."""
    company_id = person_company(store, person_id)
    sources = None
    if from_colleague is not None:
        _check_colleague(store, from_colleague)
        sources = [from_colleague]
    graph = account_graph_of(store, company_id)
    paths = analytics.warm_paths(graph, person_id, sources=sources, k=k, as_of=as_of,
                                 settings=settings)
    return {"target": person_id, "paths": paths}


def peer_stats(store: Store) -> PeerStats:
    """Portfolio figures for whitespace: who owns what, per industry and function."""
    return cache.remembered(store, "peer_stats",
                            lambda: PeerStats.from_rows(repo.peer_rows(store)))


def whitespace(store: Store, company_id: str, *, as_of: date,
               settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """Every department x product cell of an account with status, score and reason."""
    graph = account_graph_of(store, company_id)
    cells = analytics.whitespace(graph, peers=peer_stats(store), as_of=as_of,
                                 settings=settings)
    return {"company_id": company_id, "cells": cells}


def audit(store: Store, company_id: str, *, as_of: date,
          settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """The eight-question completeness audit, plus how many profile fields are confirmed
    (``confirmations``), the strategic class and its reason."""
    graph = account_graph_of(store, company_id)
    result = analytics.audit(graph, as_of=as_of, settings=settings)
    klass, reason = analytics.strategic_class(graph.nodes["company", company_id],
                                              settings=settings)
    return {"company_id": company_id, **result,
            "confirmations": analytics.confirmations(graph, as_of=as_of),
            "strategic_class": klass.value, "strategic_class_reason": reason}


def parse_as_of(value: str | None) -> date:
    """``--as-of`` text to a date (today when absent)."""
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"--as-of must be an ISO date (YYYY-MM-DD), got {value!r}") from exc
