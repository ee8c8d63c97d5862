"""Required roles per deal: a committee template and how well a deal's committee meets it.

A **template** lists roles as required or optional with weights; a deal of at least
``large_amount`` requires more roles (``large_required``). Per deal:

* ``required_filled``: the share of required roles with at least one holder (on the deal
  or account-wide);
* ``coverage``: the influence-weighted share of the committee we engage, the sum of
  the engaged members' influence scores over the sum of all members' (0.0 without);
* ``status``: ``red`` when no key player (a decision role or a champion) supports us
  (a mentor or supporter stance);
  else ``amber`` when a required role is empty or coverage is below ``amber_coverage``;
  else ``green``. ``reason`` says which rule decided.
* ``placeholders``: one per required role nobody known holds, labelled from the
  template's ``hints`` (a title or department, e.g. ``"CFO — unknown"``) or the role.
  A ``placeholder`` person of ``people.csv`` (a known-unknown seat) holding the role
  names it but does not fill it, and never counts as engaged or in coverage.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

from graphprofile.analytics.coverage import engaged_contacts
from graphprofile.analytics.influence import influence_scores
from graphprofile.analytics.settings import DEFAULTS, AnalyticsSettings
from graphprofile.models import SUPPORTIVE, Role

__all__ = ["Template", "TEMPLATE", "committee", "placeholder"]

_ROLES = frozenset(r.value for r in Role)


@dataclass(frozen=True)
class Template:
    """Which roles a deal's committee needs, and how much each weighs."""

    weights: dict[str, float] = field(default_factory=lambda: {
        "decision_maker": 3.0, "economic_buyer": 3.0, "champion": 2.0,
        "technical_evaluator": 1.5, "influencer": 1.0, "user": 1.0, "gatekeeper": 0.5,
        "blocker": 0.5})
    required: tuple[str, ...] = ("decision_maker", "economic_buyer", "champion",
                                 "technical_evaluator")
    large_amount: float = 500_000.0
    large_required: tuple[str, ...] = ("influencer", "user")
    amber_coverage: float = 0.5
    # role -> how the unknown holder is named on a map ("CFO"), when nobody holds it
    hints: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = sorted({*self.weights, *self.required, *self.large_required,
                          *self.hints} - _ROLES)
        if unknown:
            raise ValueError(f"unknown roles in the committee template: {unknown}")

    @classmethod
    def from_toml(cls, path: Path) -> Template:
        """A template from a TOML file; keys left out keep their defaults.

        ``weights`` is a table of role = weight; ``required`` and ``large_required``
        lists of roles; ``large_amount`` and ``amber_coverage`` numbers; ``hints`` a
        table of role = title or department naming an unknown holder.
        """
        with open(path, "rb") as fh:
            data: dict[str, Any] = tomllib.load(fh)
        unknown = sorted(set(data) - {"weights", "required", "large_required",
                                      "large_amount", "amber_coverage", "hints"})
        if unknown:
            raise ValueError(f"unknown keys: {unknown}")
        base = cls()
        return replace(
            base, weights={**base.weights, **{k: float(v) for k, v in
                                              data.get("weights", {}).items()}},
            required=tuple(data.get("required", base.required)),
            large_required=tuple(data.get("large_required", base.large_required)),
            large_amount=float(data.get("large_amount", base.large_amount)),
            amber_coverage=float(data.get("amber_coverage", base.amber_coverage)),
            hints={**base.hints, **{k: str(v) for k, v in data.get("hints", {}).items()}})


TEMPLATE = Template()


def committee(G: nx.MultiDiGraph, opportunity_id: str, *, as_of: date,
              template: Template = TEMPLATE, settings: AnalyticsSettings = DEFAULTS) -> dict:
    """How a deal's committee meets the template.

    Returns
    -------
    dict
        ``large`` (bool), ``roles``: per template role (required first, then by weight
        and name) ``{"role", "required", "weight", "holders": [{"person_id", "stance",
        "engaged"}]}``; ``required_filled``, ``coverage`` (4 places), ``status``,
        ``reason``, ``placeholders`` (see :func:`placeholder`), required roles first.

    Raises
    ------
    networkx.NodeNotFound
        When the deal is not in this account.

    Examples
    --------
    A decision maker who supports us and is engaged; no economic buyer, champion or
    evaluator yet:

    >>> G = nx.MultiDiGraph()
    >>> G.add_node(("opportunity", "o1"), kind="opportunity", amount=100_000)
    >>> G.add_node(("person", "ceo"), kind="person")
    >>> _ = G.add_edge(("colleague", "c1"), ("person", "ceo"), key="knows", strength=4)
    >>> _ = G.add_edge(("person", "ceo"), ("opportunity", "o1"), key="role:decision_maker",
    ...                role="decision_maker", stance="supporter")
    >>> found = committee(G, "o1", as_of=date(2026, 6, 1))
    >>> found["required_filled"], found["coverage"], found["status"]
    (0.25, 1.0, 'amber')
    >>> found["reason"]
    'required roles not filled: economic_buyer, champion, technical_evaluator'
    """
    node = ("opportunity", opportunity_id)
    if node not in G:
        raise nx.NodeNotFound(f"opportunity {opportunity_id!r} is not in this account")
    amount = G.nodes[node].get("amount") or 0
    large = float(amount) >= template.large_amount
    required = [*template.required, *(template.large_required if large else ())]
    engaged = set(engaged_contacts(G, as_of=as_of, settings=settings))
    holders: dict[str, list[dict]] = {}
    seats: dict[str, list[str]] = {}
    members: set[str] = set()
    for u, v, attrs in G.edges(data=True):
        if u[0] != "person" or attrs.get("role") is None:
            continue
        if v != node and v[0] != "company":
            continue
        role = str(attrs["role"])
        if G.nodes[u].get("placeholder"):  # a seat nobody is known in: fills nothing
            seats.setdefault(role, []).append(u[1])
            continue
        members.add(u[1])
        holders.setdefault(role, []).append({
            "person_id": u[1], "stance": str(attrs.get("stance") or "neutral"),
            "engaged": u[1] in engaged})
    names = sorted(set(template.weights) | set(required) | set(holders),
                   key=lambda r: (r not in required, -template.weights.get(r, 0.0), r))
    roles = [{"role": r, "required": r in required, "weight": template.weights.get(r, 0.0),
              "holders": sorted(holders.get(r, []), key=lambda h: h["person_id"])}
             for r in names]
    empty = [r for r in required if not holders.get(r)]
    filled = round(1 - len(empty) / len(required), 4) if required else 1.0
    scores = influence_scores(G, settings=settings) if members else {}
    total = sum(scores.get(p, 0.0) for p in members)
    coverage = round(sum(scores.get(p, 0.0) for p in members & engaged) / total, 4) \
        if total else 0.0
    key_roles = {*settings.decision_roles, "champion"}
    supportive = sorted({h["person_id"] for r in key_roles for h in holders.get(r, [])
                         if h["stance"] in SUPPORTIVE})
    if not supportive:
        status, reason = "red", "no supportive key player (decision role or champion)"
    elif empty:
        status, reason = "amber", f"required roles not filled: {', '.join(empty)}"
    elif coverage < template.amber_coverage:
        status, reason = "amber", (f"we engage {coverage:.0%} of the committee's influence "
                                   f"(under {template.amber_coverage:.0%})")
    else:
        status, reason = "green", "every required role filled, a key player supports us"
    placeholders = [placeholder(G, r, template, sorted(seats.get(r, []))) for r in empty]
    return {"large": large, "roles": roles, "required_filled": filled,
            "coverage": coverage, "status": status, "reason": reason,
            "placeholders": placeholders}


def placeholder(G: nx.MultiDiGraph, role: str, template: Template = TEMPLATE,
                seats: list[str] | None = None) -> dict:
    """The empty box of a required role nobody known holds.

    ``{"role", "hint", "label", "person_id"}``: ``hint`` the template's, else the title of
    a placeholder seat holding the role, else None; ``label`` ``"<hint or role> —
    unknown"``; ``person_id`` the seat (None without one).

    >>> G = nx.MultiDiGraph()
    >>> placeholder(G, "economic_buyer", Template(hints={"economic_buyer": "CFO"}))
    {'role': 'economic_buyer', 'hint': 'CFO', 'label': 'CFO — unknown', 'person_id': None}
    >>> placeholder(G, "technical_evaluator")["label"]
    'technical evaluator — unknown'
    """
    seat = seats[0] if seats else None
    hint = template.hints.get(role) or (
        G.nodes[("person", seat)].get("title") if seat is not None else None) or None
    who = hint or role.replace("_", " ")
    return {"role": role, "hint": hint, "label": f"{who} \u2014 unknown", "person_id": seat}
