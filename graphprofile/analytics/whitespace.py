"""Cross-sell by department: the status of every department x product cell, and a propensity.

Status of a cell, by precedence **ours > opportunity > competitor > whitespace**:

* ``ours``: our product is deployed in the department (vendor ``ours``), not churned;
* ``opportunity``: an open opportunity names this department and this product;
* ``competitor``: a competitor's product of the same category is deployed there (not
  churned);
* ``whitespace``: none of these.

Every cell but ``ours`` gets a propensity ``score`` in [0, 1], the weighted mean (weights
``settings.weight_*``) of five factors, each in [0, 1]:

* **peers**: the share of departments of the same function at peer accounts that own the
  product (:class:`PeerStats`): the account's industry when it has at least
  ``settings.min_peer_departments`` such departments, else all industries (same minimum),
  else the neutral ``settings.peer_prior``;
* **engagement**: engaged people who are direct members of the department, divided by
  ``settings.engagement_saturation`` (capped at 1);
* **headcount growth** of the department and **revenue growth** of the account (upsell),
  each divided by ``settings.growth_saturation``, clipped to [0, 1] (missing counts 0);
* **fit**: 1 when the product targets the department's function, else 0.

The ``reason`` spells out the same figures in words, status first. Every cell also names
the department's likely decision maker and the best warm path to them
(:func:`~graphprofile.analytics.introductions.department_leads`), so the cross-sell list
is a list of introductions to ask for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

import networkx as nx

from graphprofile.analytics.coverage import engaged_contacts
from graphprofile.analytics.introductions import department_leads
from graphprofile.analytics.settings import DEFAULTS, AnalyticsSettings
from graphprofile.models import OPEN_STAGES

__all__ = ["PeerStats", "whitespace"]


@dataclass(frozen=True)
class PeerStats:
    """How often departments of a function at peer accounts own a product.

    ``by_industry`` maps ``(industry, function, product_id)`` and ``all_industries`` maps
    ``(function, product_id)`` to ``(owning, total)``: ``total`` departments of that
    function in the portfolio, ``owning`` of them with the product deployed (any vendor,
    not churned).

    Examples
    --------
    >>> peers = PeerStats.from_rows([
    ...     {"industry": "banking", "function": "finance", "product_id": "bi",
    ...      "owning": 3, "total": 4},
    ...     {"industry": "retail", "function": "finance", "product_id": "bi",
    ...      "owning": 1, "total": 6}])
    >>> peers.rate("banking", "finance", "bi", min_total=3)
    (0.75, 'industry', 3, 4)
    >>> peers.rate("mining", "finance", "bi", min_total=3)
    (0.4, 'all', 4, 10)
    >>> peers.rate("mining", "legal", "bi", min_total=3, prior=0.5)
    (0.5, 'prior', 0, 0)
    """

    by_industry: Mapping[tuple[str, str, str], tuple[int, int]] = field(
        default_factory=lambda: MappingProxyType({}))
    all_industries: Mapping[tuple[str, str], tuple[int, int]] = field(
        default_factory=lambda: MappingProxyType({}))

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping]) -> PeerStats:
        """Aggregate rows ``{"industry", "function", "product_id", "owning", "total"}``."""
        by_industry: dict[tuple[str, str, str], tuple[int, int]] = {}
        all_industries: dict[tuple[str, str], tuple[int, int]] = {}
        for row in rows:
            owning, total = int(row["owning"]), int(row["total"])
            if not 0 <= owning <= total:
                raise ValueError(f"peer row needs 0 <= owning <= total, got {dict(row)!r}")
            function, product = str(row["function"]), str(row["product_id"])
            key = (str(row["industry"]), function, product)
            o, t = by_industry.get(key, (0, 0))
            by_industry[key] = (o + owning, t + total)
            o, t = all_industries.get((function, product), (0, 0))
            all_industries[function, product] = (o + owning, t + total)
        return cls(MappingProxyType(by_industry), MappingProxyType(all_industries))

    def rate(self, industry: str, function: str, product_id: str, *, min_total: int = 1,
             prior: float = 0.5) -> tuple[float, str, int, int]:
        """``(rate, basis, owning, total)``; basis is ``industry``, ``all`` or ``prior``."""
        owning, total = self.by_industry.get((str(industry), str(function), product_id), (0, 0))
        if total >= max(min_total, 1):
            return owning / total, "industry", owning, total
        owning, total = self.all_industries.get((str(function), product_id), (0, 0))
        if total >= max(min_total, 1):
            return owning / total, "all", owning, total
        return prior, "prior", 0, 0


def _churned(status: object) -> bool:
    return str(status or "").strip().lower() == "churned"


def _clip(value: float) -> float:
    return min(1.0, max(0.0, value))


def _pct(value: float) -> str:
    return f"{value:+.0%}"


def whitespace(G: nx.MultiDiGraph, *, peers: PeerStats | None = None, as_of: date,
               settings: AnalyticsSettings = DEFAULTS) -> list[dict]:
    """Status and propensity of every department x product cell of an account.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An account graph (see :func:`graphprofile.graph.account_graph`), with the product
        catalogue.
    peers : PeerStats, optional
        Portfolio ownership figures; without them the peers factor is the neutral prior.
    as_of : datetime.date
        The day the question is asked (for engagement).
    settings : AnalyticsSettings, optional

    Returns
    -------
    list of dict
        ``{"department_id", "product_id", "status", "score", "reason",
        "decision_maker_id", "decision_maker", "decision_maker_basis", "warm_path",
        "warm_path_names", "warm_path_score"}`` sorted by department id then product id;
        ``score`` is None for ``ours``, otherwise rounded to 4 places. The
        ``decision_maker_*`` keys name the department's likely decision maker (None when
        nobody is known there; ``basis`` as in
        :func:`~graphprofile.analytics.introductions.department_leads`), ``warm_path``
        the ids of the best warm path to them (colleague first; ``[]`` when none),
        ``warm_path_names`` their names and ``warm_path_score`` its score.

    Examples
    --------
    Finance (headcount +10 %) runs a competitor's analytics; the account grows 5 %; no
    peers, nobody engaged. Score = (0.35*0.5 + 0.2*0 + 0.1*0.5 + 0.1*0.25 + 0.25*1) / 1
    = 0.5:

    >>> from datetime import date
    >>> G = nx.MultiDiGraph(company_id="acme")
    >>> G.add_node(("company", "acme"), kind="company", industry="banking",
    ...            revenue_growth=0.05)
    >>> G.add_node(("department", "fin"), kind="department", name="Finance",
    ...            function="finance", headcount_growth=0.1)
    >>> G.add_node(("product", "bi"), kind="product", name="Lumen", category="analytics",
    ...            target_function=["finance"])
    >>> G.add_edge(("department", "fin"), ("product", "bi"), key="deployed:Quantivo",
    ...            vendor="Quantivo", status="active", ours=False)
    'deployed:Quantivo'
    >>> cell, = whitespace(G, as_of=date(2026, 1, 1))
    >>> cell["status"], cell["score"]
    ('competitor', 0.5)
    >>> print(cell["reason"])
    competitor Quantivo (analytics) in place; no peer figures (neutral 50%); no engaged \
contact; headcount +10%; account revenue +5%; Lumen targets finance
    """
    peers = peers if peers is not None else PeerStats()
    company = ("company", G.graph["company_id"]) if "company_id" in G.graph else min(
        (n for n, k in G.nodes(data="kind") if k == "company"), default=None)
    company_attrs = G.nodes[company] if company in G else {}
    industry = str(company_attrs.get("industry") or "")
    revenue_growth = company_attrs.get("revenue_growth")

    departments = sorted(n for n, k in G.nodes(data="kind") if k == "department")
    products = sorted(n for n, k in G.nodes(data="kind") if k == "product")
    engaged = set(engaged_contacts(G, as_of=as_of, settings=settings))
    engaged_in: dict[tuple[str, str], int] = {}
    for u, v, key in G.edges(keys=True):
        if key == "member_of" and u[0] == "person" and u[1] in engaged:
            engaged_in[v] = engaged_in.get(v, 0) + 1
    open_opps: dict[tuple[str | None, str | None], list[str]] = {}
    for node, attrs in sorted(G.nodes(data=True)):
        if attrs.get("kind") == "opportunity" and attrs.get("stage") in OPEN_STAGES:
            cell = (attrs.get("department_id"), attrs.get("product_id"))
            open_opps.setdefault(cell, []).append(
                f"{node[1]} ({attrs['stage']})")

    weights = (settings.weight_peers, settings.weight_engagement, settings.weight_headcount,
               settings.weight_revenue, settings.weight_fit)
    total_weight = sum(weights) or 1.0
    cells = []
    for dept in departments:
        d_attrs = G.nodes[dept]
        function = str(d_attrs.get("function") or "")
        ours, rivals = set(), {}
        for _, prod, key, attrs in G.out_edges(dept, keys=True, data=True):
            if (not key.startswith("deployed:") or prod[0] != "product"
                    or _churned(attrs.get("status"))):
                continue
            vendor = str(attrs.get("vendor") or key.split(":", 1)[1])
            if attrs.get("ours", vendor.strip().lower() == "ours"):
                ours.add(prod)
            else:
                category = G.nodes[prod].get("category")
                rivals.setdefault(category, set()).add(vendor)
        for prod in products:
            p_attrs = G.nodes[prod]
            name = p_attrs.get("name") or prod[1]
            category = p_attrs.get("category")
            opps = open_opps.get((dept[1], prod[1]), [])
            if prod in ours:
                cells.append({"department_id": dept[1], "product_id": prod[1],
                              "status": "ours", "score": None,
                              "reason": f"{name} deployed (ours)"})
                continue
            if opps:
                status, lead = "opportunity", f"open opportunity {', '.join(opps)}"
            elif category in rivals:
                status = "competitor"
                lead = f"competitor {', '.join(sorted(rivals[category]))} ({category}) in place"
            else:
                status, lead = "whitespace", "nothing deployed"

            rate, basis, owning, total = peers.rate(
                industry, function, prod[1], min_total=settings.min_peer_departments,
                prior=settings.peer_prior)
            if basis == "industry":
                peer_text = (f"{owning} of {total} {function} departments at {industry} "
                             f"peers own it ({rate:.0%})")
            elif basis == "all":
                peer_text = (f"{owning} of {total} {function} departments across industries "
                             f"own it ({rate:.0%})")
            else:
                peer_text = f"no peer figures (neutral {rate:.0%})"
            n_engaged = engaged_in.get(dept, 0)
            engagement = _clip(n_engaged / settings.engagement_saturation) \
                if settings.engagement_saturation > 0 else float(n_engaged > 0)
            engaged_text = ("no engaged contact" if n_engaged == 0 else
                            f"{n_engaged} engaged contact{'s' if n_engaged > 1 else ''}")
            hc_growth = d_attrs.get("headcount_growth")
            headcount = _clip((hc_growth or 0.0) / settings.growth_saturation)
            hc_text = ("headcount growth unknown" if hc_growth is None
                       else f"headcount {_pct(hc_growth)}")
            revenue = _clip((revenue_growth or 0.0) / settings.growth_saturation)
            rev_text = ("account revenue growth unknown" if revenue_growth is None
                        else f"account revenue {_pct(revenue_growth)}")
            targets = {str(f) for f in p_attrs.get("target_function") or ()}
            fit = 1.0 if function in targets else 0.0
            fit_text = (f"{name} targets {function}" if fit
                        else f"{name} does not target {function}")
            factors = (rate, engagement, headcount, revenue, fit)
            score = sum(w * f for w, f in zip(weights, factors, strict=True)) / total_weight
            cells.append({
                "department_id": dept[1], "product_id": prod[1], "status": status,
                "score": round(score, 4),
                "reason": "; ".join((lead, peer_text, engaged_text, hc_text, rev_text,
                                     fit_text)),
            })
    leads = department_leads(G, as_of=as_of, settings=settings) if cells else {}
    for cell in cells:
        cell.update(_introduction(G, leads.get(cell["department_id"])))
    return cells


def _introduction(G: nx.MultiDiGraph, lead: dict | None) -> dict:
    """A cell's keys naming whom to ask for and who can introduce us."""
    if lead is None:
        return {"decision_maker_id": None, "decision_maker": None,
                "decision_maker_basis": None, "warm_path": [], "warm_path_names": [],
                "warm_path_score": None}
    path = lead["warm_path"]
    names = [str(G.nodes.get(("colleague" if i == 0 else "person", node), {}).get("name")
                 or node) for i, node in enumerate(path)]
    return {"decision_maker_id": lead["person_id"], "decision_maker": lead["name"],
            "decision_maker_basis": lead["basis"], "warm_path": path,
            "warm_path_names": names, "warm_path_score": lead["warm_path_score"]}
