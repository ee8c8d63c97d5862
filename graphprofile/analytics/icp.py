"""The ideal customer profile, fit to it, and the decision-maker persona.

Pure functions over plain facts per company (:class:`CompanyFacts`, built by the
service from what is stored) and per decider (:class:`Decider`). Results are plain
dicts with ids sorted and floats rounded to 4 places.

**Best customers.** A customer is a company with a won deal or one of our products
active. Each is scored on the metrics it has a value for (:data:`METRICS`): its
percentile rank among customers (0 worst … 1 best; a lower sales cycle or support load
is better), averaged. The ``n`` highest scores are the best customers (ties by id):
ten, or half the customers when there are fewer than twenty.

**Traits.** For each profile field (:data:`TRAIT_FIELDS`), the share of best customers
and of the rest (every other company) that has each value. A trait *describes* the
best when at least half of them, and two or more (unless there is one best customer),
have it, and a larger share of them than of the rest.

**Fit.** Each company scores the weighted share of describing traits it has (weight:
the trait's share among the best; the previous solution counts twice, as leads that
used the same product before convert better).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

__all__ = [
    "METRICS", "TRAIT_FIELDS", "CompanyFacts", "Deal", "Decider", "best_customers",
    "customer_scores", "describing", "fit", "ideal_profile", "personas", "size_band",
]

BEST = 10
DESCRIBES = 0.5  # the least share of best customers a describing trait has


@dataclass(frozen=True)
class Deal:
    stage: str
    amount: float | None = None
    created: date | None = None
    closed: date | None = None
    committee: int = 0  # people with a role on it


@dataclass(frozen=True)
class CompanyFacts:
    """What the profile compares about one company."""

    id: str
    name: str
    props: dict[str, Any]
    deals: tuple[Deal, ...] = ()
    # (vendor is ours, active, annual value, product category)
    deployments: tuple[tuple[bool, bool, float | None, str], ...] = ()
    support: int = 0
    people: int = 0

    @property
    def customer(self) -> bool:
        return (any(d.stage == "won" for d in self.deals)
                or any(ours and active for ours, active, _v, _c in self.deployments))


@dataclass(frozen=True)
class Decider:
    """A decision maker or economic buyer, with the roles of the others on their deals."""

    person_id: str
    company_id: str
    role: str
    title: str | None = None
    seniority: str | None = None
    function: str | None = None
    department: str | None = None
    kpis: str | None = None
    goals: str | None = None
    pains: str | None = None
    buying_power: str | None = None
    channel: str | None = None
    others: tuple[str, ...] = field(default=())


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number else None  # NaN is no value


def _won(facts: CompanyFacts) -> list[Deal]:
    return [d for d in facts.deals if d.stage == "won"]


def _won_value(facts: CompanyFacts) -> float | None:
    values = [d.amount or 0.0 for d in _won(facts)]
    values += [v or 0.0 for ours, active, v, _c in facts.deployments if ours and active]
    return sum(values) if facts.customer else None


def _cycle(facts: CompanyFacts) -> float | None:
    days = [(d.closed - d.created).days for d in _won(facts)
            if d.created is not None and d.closed is not None]
    return float(statistics.median(days)) if days else None


def _support(facts: CompanyFacts) -> float | None:
    won = len(_won(facts))
    return facts.support / won if won else None


# name -> (how it is computed, whether more is better, what it means)
METRICS: dict[str, tuple[Callable[[CompanyFacts], float | None], bool, str]] = {
    "won_value": (_won_value, True, "won deal amounts plus the yearly value of our "
                  "active products"),
    "deals_won": (lambda f: float(len(_won(f))) if f.customer else None, True,
                  "number of won deals"),
    "sales_cycle_days": (_cycle, False, "median days from a won deal's creation to its "
                         "close"),
    "support_load": (_support, False, "support interactions per won deal"),
    "referrals": (lambda f: _number(f.props.get("referrals")), True,
                  "referrals given (the company's referrals attribute)"),
    "ltv_cac": (lambda f: _number(f.props.get("ltv_cac")), True,
                "lifetime value over acquisition cost (attribute ltv_cac)"),
    "nps": (lambda f: _number(f.props.get("nps")), True, "net promoter score (attribute nps)"),
    "profit_margin": (lambda f: (None if not _number(f.props.get("revenue"))
                                 or _number(f.props.get("profit")) is None else
                                 _number(f.props["profit"]) / _number(f.props["revenue"])),
                      True, "the company's own profit over revenue"),
}


def size_band(employees: Any) -> str | None:
    """A headcount as a band: ``1-49``, ``50-249``, ``250-999``, ``1000-4999``, ``5000+``."""
    n = _number(employees)
    if n is None:
        return None
    for top, band in ((50, "1-49"), (250, "50-249"), (1000, "250-999"), (5000, "1000-4999")):
        if n < top:
            return band
    return "5000+"


def _committee_band(facts: CompanyFacts) -> str | None:
    sizes = [d.committee for d in _won(facts) if d.committee]
    if not sizes:
        return None
    size = statistics.median(sizes)
    return "1-2" if size < 3 else "3-5" if size <= 5 else "6+"


def _products(facts: CompanyFacts) -> list[str]:
    return sorted({c for ours, active, _v, c in facts.deployments if active and c})


# field -> the values of it a company has (a list: products in use are several)
TRAIT_FIELDS: dict[str, Callable[[CompanyFacts], list[str]]] = {
    name: (lambda f, name=name: [str(f.props[name])] if f.props.get(name) not in
           (None, "") else [])
    for name in ("industry", "segment", "region", "stage", "culture", "previous_solution",
                 "lead_source")
}
TRAIT_FIELDS["size_band"] = lambda f: [b] if (b := size_band(f.props.get("employees"))) else []
TRAIT_FIELDS["committee_size"] = lambda f: [b] if (b := _committee_band(f)) else []
TRAIT_FIELDS["technology"] = _products


def _ranks(values: dict[str, float], higher: bool) -> dict[str, float]:
    """Percentile rank of each value among them (ties share their mean rank), 0 … 1."""
    if len(values) < 2:
        return dict.fromkeys(values, 0.5)
    ordered = sorted(values.values(), reverse=not higher)
    positions: dict[float, list[int]] = {}
    for i, v in enumerate(ordered):
        positions.setdefault(v, []).append(i)
    top = len(ordered) - 1
    return {k: statistics.fmean(positions[v]) / top for k, v in values.items()}


def customer_scores(companies: Sequence[CompanyFacts]) -> dict[str, float]:
    """Customer id -> score 0-1: its mean percentile rank over the metrics it has."""
    customers = [c for c in companies if c.customer]
    ranks: dict[str, list[float]] = {c.id: [] for c in customers}
    for compute, higher, _what in METRICS.values():
        values = {c.id: v for c in customers if (v := compute(c)) is not None}
        for cid, rank in _ranks(values, higher).items():
            ranks[cid].append(rank)
    return {cid: round(statistics.fmean(r), 4) if r else 0.0 for cid, r in ranks.items()}


def best_customers(companies: Sequence[CompanyFacts], n: int | None = None) -> list[str]:
    """The ids of the ``n`` best-scored customers, best first (ties by id). By default
    :data:`BEST`, or half the customers when there are fewer than twice as many: the
    best are compared with other customers, not only with prospects."""
    scores = customer_scores(companies)
    if n is None:
        n = BEST if len(scores) >= 2 * BEST else max(1, len(scores) // 2)
    return [cid for cid, _s in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def _median(values: Iterable[float | None]) -> float | None:
    found = [v for v in values if v is not None]
    return round(float(statistics.median(found)), 4) if found else None


def _traits(best: list[CompanyFacts], rest: list[CompanyFacts]) -> list[dict[str, Any]]:
    out = []
    for name, values_of in TRAIT_FIELDS.items():
        in_best = Counter(v for c in best for v in set(values_of(c)))
        in_rest = Counter(v for c in rest for v in set(values_of(c)))
        for value, n in in_best.items():
            out.append({"field": name, "value": value, "count_best": n,
                        "share_best": round(n / len(best), 4),
                        "share_rest": round(in_rest[value] / len(rest), 4) if rest else 0.0})
    out.sort(key=lambda t: (-t["share_best"], t["share_rest"], t["field"], t["value"]))
    return out


def describing(traits: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The traits that describe the best customers (see the module's docstring)."""
    least = 2 if any(t["count_best"] > 1 or t["share_best"] < 1 for t in traits) else 1
    return [t for t in traits if t["share_best"] >= DESCRIBES and t["count_best"] >= least
            and t["share_best"] > t["share_rest"]]


def _card(best: list[CompanyFacts], metrics: list[dict[str, Any]],
          traits: list[dict[str, Any]]) -> str:
    if not best:
        return "No customer yet: record a won deal or an active product of ours first."
    by_field: dict[str, list[dict[str, Any]]] = {}
    for t in describing(traits):
        by_field.setdefault(t["field"], []).append(t)

    def said(name: str, label: str) -> str | None:
        found = by_field.get(name)
        if not found:
            return None
        parts = [f"{t['value']} ({round(t['share_best'] * len(best))} of {len(best)})"
                 for t in found]
        return f"{label} {' or '.join(parts)}"

    lines = [f"Ideal customer, from the {len(best)} best customers:"]
    for name, label in (("industry", "industry"), ("segment", "segment"),
                        ("size_band", "employees"), ("region", "region"),
                        ("stage", "stage"), ("culture", "culture"),
                        ("previous_solution", "used before"),
                        ("technology", "uses"), ("committee_size", "buying committee of"),
                        ("lead_source", "came through")):
        if (text := said(name, label)) is not None:
            lines.append(f"- {text}")
    for m in metrics:
        if m["best"] is not None and m["rest"] is not None:
            lines.append(f"- {m['name'].replace('_', ' ')}: {m['best']:g} vs {m['rest']:g} "
                         "for the rest")
    return "\n".join(lines)


def ideal_profile(companies: Sequence[CompanyFacts],
                  best: Sequence[str] | None = None) -> dict[str, Any]:
    """The ideal customer profile: ``best`` (given, or :func:`best_customers`),
    ``metrics`` (median of the best and of the rest), ``traits`` and a ``card``."""
    chosen = list(best) if best is not None else best_customers(companies)
    wanted = set(chosen)
    best_facts = [c for c in companies if c.id in wanted]
    rest = [c for c in companies if c.id not in wanted]
    metrics = [{"name": name, "best": _median(compute(c) for c in best_facts),
                "rest": _median(compute(c) for c in rest),
                "higher_is_better": higher, "means": what}
               for name, (compute, higher, what) in METRICS.items()]
    traits = _traits(best_facts, rest) if best_facts else []
    return {"best": chosen, "metrics": metrics, "traits": traits,
            "card": _card(best_facts, metrics, traits)}


def fit(companies: Sequence[CompanyFacts], profile: dict[str, Any]) -> list[dict[str, Any]]:
    """Every company scored 0-1 against ``profile``'s describing traits, with reasons;
    best fit first (ties by id)."""
    traits = describing(profile["traits"])
    size = len(profile["best"])
    weight = {id(t): t["share_best"] * (2 if t["field"] == "previous_solution" else 1)
              for t in traits}
    total = sum(weight.values())
    out = []
    for c in companies:
        have = {name: set(values_of(c)) for name, values_of in TRAIT_FIELDS.items()}
        matched = [t for t in traits if t["value"] in have[t["field"]]]
        score = sum(weight[id(t)] for t in matched) / total if total else 0.0
        reasons = []
        for t in matched:
            n = round(t["share_best"] * size)
            reason = (f"{t['field'].replace('_', ' ')} {t['value']}, as {n} of {size} best "
                      "customers")
            if t["field"] == "previous_solution":
                reason += " (leads that used the same before convert better)"
            reasons.append(reason)
        out.append({"company_id": c.id, "name": c.name, "score": round(score, 4),
                    "customer": c.customer, "reasons": reasons})
    out.sort(key=lambda r: (-r["score"], r["company_id"]))
    return out


# Obstacles named in the deciders' pains, by words that say them (English and Chinese).
OBSTACLES: dict[str, tuple[str, ...]] = {
    "budget": ("budget", "cost", "price", "预算", "成本"),
    "office politics": ("politic", "alignment", "silo", "turf", "政治", "内部"),
    "timing": ("timing", "time", "deadline", "freeze", "priority", "时间", "时机"),
    "no purchasing power": ("approval", "sign-off", "审批"),
}
ROLE_NAMES = {"decision_maker": "decision maker", "economic_buyer": "economic buyer",
              "influencer": "influencer", "champion": "champion",
              "technical_evaluator": "technical evaluator", "user": "user",
              "gatekeeper": "gatekeeper", "blocker": "blocker"}
PERSONA_NAMES = {"decision_maker": "Dana, the decider", "economic_buyer": "Bo, the budget "
                 "holder"}


def _top(values: Iterable[str | None], k: int = 3) -> list[tuple[str, int]]:
    counts = Counter(v.strip() for v in values if v and v.strip())
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:k]


def _parts(values: Iterable[str | None]) -> list[str]:
    return [p for v in values if v for p in v.split(";")]


def _obstacles(people: list[Decider]) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    for p in people:
        text = (p.pains or "").casefold()
        found = {name for name, words in OBSTACLES.items() if any(w in text for w in words)}
        if (p.buying_power or "") == "needs_approval":
            found.add("no purchasing power")
        counts.update(found)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def personas(deciders: Sequence[Decider]) -> list[dict[str, Any]]:
    """One persona per deciding role (decision maker, economic buyer) with anyone in it:
    the commonest title, department, seniority and function, the top KPIs, goals,
    obstacles, the roles they decide with and their channels, and a story whose every
    sentence is a count of these people."""
    out = []
    for role in ("decision_maker", "economic_buyer"):
        people = [d for d in deciders if d.role == role]
        if not people:
            continue
        n = len(people)
        title = _top((p.title for p in people), 1)
        department = _top((p.department for p in people), 1)
        seniority = _top((p.seniority for p in people), 1)
        function = _top((p.function for p in people), 1)
        kpis, goals = _top(_parts(p.kpis for p in people)), _top(_parts(p.goals for p in people))
        obstacles = _obstacles(people)
        with_ = _top((ROLE_NAMES.get(r, r) for p in people for r in set(p.others)), 4)
        channels = _top((p.channel for p in people), 3)
        companies = len({p.company_id for p in people})

        def first(found: list[tuple[str, int]]) -> str | None:
            return found[0][0] if found else None

        story = [f"Drawn from {n} {ROLE_NAMES[role]}{'s' if n != 1 else ''} at {companies} "
                 f"best customer{'s' if companies != 1 else ''}."]
        if title:
            story.append(f"The commonest title is {title[0][0]} ({title[0][1]} of {n}).")
        if department:
            story.append(f"The commonest department is {department[0][0]} "
                         f"({department[0][1]} of {n}).")
        if kpis:
            story.append("They are measured on " + ", ".join(
                f"{k} ({c})" for k, c in kpis) + ".")
        if goals:
            story.append("They want to " + ", ".join(f"{g} ({c})" for g, c in goals) + ".")
        if obstacles:
            story.append("What stands in the way: " + ", ".join(
                f"{o} ({c})" for o, c in obstacles) + ".")
        if with_:
            story.append("They decide with the " + ", ".join(
                f"{r} ({c})" for r, c in with_) + ".")
        if channels:
            story.append("They prefer " + ", ".join(f"{ch} ({c})" for ch, c in channels)
                         + ".")
        out.append({
            "name": PERSONA_NAMES[role], "role": role, "people": n, "companies": companies,
            "title": first(title), "department": first(department),
            "seniority": first(seniority), "function": first(function),
            "kpis": [k for k, _c in kpis], "goals": [g for g, _c in goals],
            "obstacles": [o for o, _c in obstacles], "decides_with": [r for r, _c in with_],
            "channels": [ch for ch, _c in channels], "story": " ".join(story),
        })
    return out
