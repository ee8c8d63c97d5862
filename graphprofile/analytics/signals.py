"""Upsell signals from the import history: accounts that grew, or whose organisation
changed, with the products whose licences or reach scale with the change.

================================  =========================================================
signal                            raised by a history entry of kind
================================  =========================================================
``revenue_growth``                ``revenue_changed`` with growth at least
                                  ``revenue_growth`` (default 10 %)
``headcount_growth``              ``headcount_changed`` (the company's employees or a
                                  department's headcount) with growth at least
                                  ``headcount_growth`` (default 10 %)
``department_added``              ``department_added``
``department_split``              ``department_split``
``department_merged``             ``department_merged``
================================  =========================================================

Growth is ``after / before - 1`` and needs both figures. The products of a signal:

- growth: our active deployments with licences in the unit that grew (the whole account
  for the company's figures), each with the licences the growth implies
  (``ceil(licences * (1 + growth))``); for revenue, every active deployment of ours at
  the account (spend follows the business), licences scaled the same way;
- a new, merged or split unit: the catalogue's products aimed at the unit's function
  that we do not run there yet (for a split, at each new unit), and for a merge or a
  split our deployments in the units that were reorganised (their licences move).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["HEADCOUNT_GROWTH", "REVENUE_GROWTH", "signals"]

REVENUE_GROWTH = 0.10
HEADCOUNT_GROWTH = 0.10
_ORG = ("department_added", "department_split", "department_merged")


def _growth(before: Any, after: Any) -> float | None:
    if not isinstance(before, int | float) or not isinstance(after, int | float) or before <= 0:
        return None
    return round(after / before - 1, 4)


def _ours(d: Mapping[str, Any]) -> bool:
    return (str(d.get("vendor") or "ours").strip().lower() == "ours"
            and str(d.get("status") or "active").strip().lower() == "active")


def signals(entries: Iterable[Mapping[str, Any]], deployments: Iterable[Mapping[str, Any]],
            departments: Mapping[str, Mapping[str, Any]],
            products: Mapping[str, Mapping[str, Any]], *,
            revenue_growth: float = REVENUE_GROWTH,
            headcount_growth: float = HEADCOUNT_GROWTH) -> list[dict[str, Any]]:
    """The upsell signals of these history entries, oldest first within each company.

    Parameters
    ----------
    entries
        History entries (``company_id``, ``date``, ``kind``, ``record_id``, ``before``,
        ``after``) of any kinds; the others are ignored.
    deployments
        Stored deployments: ``company_id``, ``department_id``, ``product_id``,
        ``vendor``, ``status``, ``licences``.
    departments
        Per department id: ``company_id``, ``name``, ``function``.
    products
        The catalogue per product id: ``name``, ``target_function`` (list).

    Returns
    -------
    list of dict
        ``company_id``, ``signal``, ``date``, ``record_id``, ``before``, ``after``,
        ``growth`` (None for a change of units) and ``products``: ``product_id``,
        ``name``, ``department_id``, ``why`` and, for growth, ``licences`` and
        ``licences_after``.

    Examples
    --------
    >>> entry = {"company_id": "a", "date": "2026-06-01", "kind": "headcount_changed",
    ...          "record_id": "it", "before": {"headcount": 100}, "after": {"headcount": 125}}
    >>> deployed = [{"company_id": "a", "department_id": "it", "product_id": "crm",
    ...              "vendor": "ours", "status": "active", "licences": 80}]
    >>> [(s["signal"], s["growth"], s["products"][0]["licences_after"])
    ...  for s in signals([entry], deployed, {"it": {"company_id": "a", "function": "it"}},
    ...                   {"crm": {"name": "CRM", "target_function": ["sales"]}})]
    [('headcount_growth', 0.25, 100)]
    """
    by_unit: dict[str, list[Mapping[str, Any]]] = {}
    by_company: dict[str, list[Mapping[str, Any]]] = {}
    for d in deployments:
        if _ours(d):
            by_unit.setdefault(d["department_id"], []).append(d)
            by_company.setdefault(d["company_id"], []).append(d)

    def name(pid: str) -> str | None:
        return products.get(pid, {}).get("name")

    def scaled(deps: Iterable[Mapping[str, Any]], growth: float, why: str,
               *, licensed_only: bool) -> list[dict[str, Any]]:
        out = []
        for d in sorted(deps, key=lambda d: (d["department_id"], d["product_id"])):
            licences = d.get("licences")
            if licensed_only and licences is None:
                continue
            out.append({"product_id": d["product_id"], "name": name(d["product_id"]),
                        "department_id": d["department_id"], "why": why,
                        "licences": licences,
                        "licences_after": None if licences is None
                        else math.ceil(round(licences * (1 + growth), 6))})
        return out

    def aimed_at(unit: str, why: str) -> list[dict[str, Any]]:
        function = departments.get(unit, {}).get("function")
        running = {d["product_id"] for d in by_unit.get(unit, ())}
        return [{"product_id": pid, "name": p.get("name"), "department_id": unit, "why": why}
                for pid, p in sorted(products.items())
                if function and function in (p.get("target_function") or ())
                and pid not in running]

    def moved(units: Iterable[str]) -> list[dict[str, Any]]:
        return [{"product_id": d["product_id"], "name": name(d["product_id"]),
                 "department_id": d["department_id"], "why": "licences to move",
                 "licences": d.get("licences")}
                for unit in sorted(set(units))
                for d in sorted(by_unit.get(unit, ()), key=lambda d: d["product_id"])]

    out = []
    for e in entries:
        kind, before, after = e["kind"], e.get("before") or {}, e.get("after") or {}
        cid, unit = e["company_id"], e["record_id"]
        growth = None
        if kind == "revenue_changed":
            growth = _growth(before.get("revenue"), after.get("revenue"))
            if growth is None or growth < revenue_growth:
                continue
            signal = "revenue_growth"
            found = scaled(by_company.get(cid, ()), growth, "spend follows revenue",
                           licensed_only=False)
        elif kind == "headcount_changed":
            field = "employees" if unit == cid else "headcount"
            growth = _growth(before.get(field), after.get(field))
            if growth is None or growth < headcount_growth:
                continue
            signal = "headcount_growth"
            deps = by_company.get(cid, ()) if unit == cid else by_unit.get(unit, ())
            found = scaled(deps, growth, "licences per head", licensed_only=True)
        elif kind == "department_added":
            signal, found = kind, aimed_at(unit, "aimed at the new unit's function")
        elif kind == "department_merged":
            signal = kind
            found = (aimed_at(unit, "aimed at the merged unit's function")
                     + moved([unit, *before.get("department_ids", [])]))
        elif kind == "department_split":
            signal = kind
            found = [p for new in after.get("department_ids", [])
                     for p in aimed_at(new, "aimed at a new unit's function")]
            found += moved([unit, *after.get("department_ids", [])])
        else:
            continue
        out.append({"company_id": cid, "signal": signal, "date": e["date"], "record_id": unit,
                    "before": e.get("before"), "after": e.get("after"), "growth": growth,
                    "products": found})
    return sorted(out, key=lambda s: (s["company_id"], str(s["date"])))
