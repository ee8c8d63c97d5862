"""The profiling methods: the ideal customer profile (ICP), every company's fit to it,
and the decision-maker persona of the ICP accounts.

The ICP compares every company at once (one read of what it needs per company: its
properties, deals, products in use and support load, not whole account graphs). A user
may save an edited ICP (the best customers and the card's text); from then on the ICP,
the fit and the persona start from it until it is saved again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from graphprofile.analytics import icp as method
from graphprofile.errors import InvalidInput, NotFound
from graphprofile.services.audit_log import record_audit
from graphprofile.store import Store
from graphprofile.store import profiles as repo

__all__ = ["MAX_CARD", "fit", "ideal_profile", "overview", "persona", "save_ideal_profile"]

MAX_CARD = 5000  # characters of a saved card
MAX_BEST = 100


def _date(value: Any) -> date | None:
    if value is None:
        return None
    if hasattr(value, "to_native"):
        return value.to_native()  # type: ignore[no-any-return]
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _facts(store: Store) -> list[method.CompanyFacts]:
    out = []
    for row in repo.profile_facts(store):
        props = {k: v for k, v in row["props"].items()}
        deals = tuple(method.Deal(d["stage"], d.get("amount"), _date(d.get("created")),
                                  _date(d.get("closed")), d.get("committee") or 0)
                      for d in row["deals"])
        deployments = tuple(
            (str(d.get("vendor") or "ours").strip().lower() == "ours",
             str(d.get("status") or "active").strip().lower() == "active",
             d.get("annual_value"), str(d.get("category") or ""))
            for d in row["deployments"])
        out.append(method.CompanyFacts(row["id"], str(props.get("name") or row["id"]), props,
                                       deals, deployments, row["support"], row["people"]))
    return out


def _best_list(companies: Sequence[method.CompanyFacts], best: Sequence[str]) -> list[str]:
    known = {c.id for c in companies}
    unknown = sorted(set(best) - known)
    if unknown:
        raise InvalidInput(f"best: no company with id {', '.join(map(repr, unknown))}")
    if not best:
        raise InvalidInput("best: name at least one company")
    if len(best) > MAX_BEST:
        raise InvalidInput(f"best: at most {MAX_BEST} companies, got {len(best)}")
    return list(dict.fromkeys(best))


def _profile(store: Store, companies: Sequence[method.CompanyFacts],
             best: Sequence[str] | None) -> dict[str, Any]:
    saved = repo.saved_profile(store) if best is None else None
    if best is not None:
        chosen, source = _best_list(companies, best), "given"
    elif saved is not None:
        known = {c.id for c in companies}
        chosen, source = [b for b in saved["best"] if b in known], "saved"
    else:
        chosen, source = None, "computed"
    profile = method.ideal_profile(companies, chosen)
    scores = method.customer_scores(companies)
    names = {c.id: c.name for c in companies}
    profile["best_customers"] = [{"company_id": cid, "name": names[cid],
                                  "score": scores.get(cid)} for cid in profile["best"]]
    profile["source"] = source
    profile["saved"] = None
    if saved is not None:
        profile["card"] = saved["card"]
        profile["saved"] = {"at": saved.get("saved_at"), "by": saved.get("saved_by")}
    return profile


def ideal_profile(store: Store, best: Sequence[str] | None = None) -> dict[str, Any]:
    """The ICP: ``best`` (company ids), ``metrics``, ``traits``, ``card``, with
    ``best_customers`` (id, name, score), ``source`` (computed, given or saved) and
    ``saved`` (when and by whom, for a saved one). ``best`` overrides the choice."""
    return _profile(store, _facts(store), best)


def save_ideal_profile(store: Store, best: Sequence[str], card: str | None = None, *,
                       actor: str) -> dict[str, Any]:
    """Save an edited ICP: its best customers and card (the computed card for them when
    ``card`` is blank). Returns the ICP as :func:`ideal_profile` then gives it."""
    companies = _facts(store)
    chosen = _best_list(companies, best)
    text = (card or "").strip() or method.ideal_profile(companies, chosen)["card"]
    if len(text) > MAX_CARD:
        raise InvalidInput(f"card: at most {MAX_CARD} characters, got {len(text)}")
    repo.save_profile(store, chosen, text, datetime.now(UTC).isoformat(timespec="seconds"),
                      actor)
    record_audit(store, actor=actor, action="save ideal customer profile",
                 target_kind="ideal_profile", target_id="icp",
                 detail=f"best: {', '.join(chosen)}")
    return _profile(store, companies, None)


def fit(store: Store, company: str | None = None) -> dict[str, Any]:
    """Every company's fit to the ICP: ``{"companies": [{"company_id", "score",
    "reasons", ...}]}``, best fit first; only ``company`` when given (NotFound if not
    stored)."""
    companies = _facts(store)
    if company is not None and company not in {c.id for c in companies}:
        raise NotFound(f"no company with id {company!r}")
    profile = _profile(store, companies, None)
    rows = method.fit(companies, profile)
    if company is not None:
        rows = [r for r in rows if r["company_id"] == company]
    return {"best": profile["best"], "companies": rows}


def persona(store: Store) -> dict[str, Any]:
    """The decision-maker personas of the ICP accounts: ``{"best", "personas"}``."""
    companies = _facts(store)
    return _personas(store, _profile(store, companies, None)["best"])


def overview(store: Store, best: Sequence[str] | None = None) -> dict[str, Any]:
    """What the Profile page shows, from one read of every company: the ICP (``best``
    as in :func:`ideal_profile`), every company's fit and the personas of its best."""
    companies = _facts(store)
    profile = _profile(store, companies, best)
    return {"profile": profile, "fit": method.fit(companies, profile),
            "personas": _personas(store, profile["best"])["personas"]}


def _personas(store: Store, best: list[str]) -> dict[str, Any]:
    deciders = [method.Decider(
        r["person_id"], r["company_id"], r["role"], r.get("title"), r.get("seniority"),
        r.get("function"), r.get("department"), r.get("kpis"), r.get("goals"), r.get("pains"),
        r.get("buying_power"), r.get("channel"), tuple(r.get("others") or ()))
        for r in repo.deciders(store, best)]
    return {"best": best, "personas": method.personas(deciders)}
