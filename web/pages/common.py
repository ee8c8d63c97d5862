"""What the pages share: display names next to ids, warm paths with names, paging."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import networkx as nx

from graphprofile import analytics, services
from graphprofile.analytics import DEFAULTS, AnalyticsSettings
from graphprofile.errors import InvalidInput
from graphprofile.store import Store

__all__ = ["check_page", "colleagues", "name_of", "named_paths", "page_numbers", "paged"]


def name_of(G: nx.MultiDiGraph, kind: str, ident: str | None) -> str:
    if ident is None:
        return ""
    node = (kind, ident)
    return str(G.nodes[node].get("name") or ident) if node in G else ident


def named_paths(G: Any, person_id: str, *, k: int | None = None, as_of: date | None = None,
                 settings: AnalyticsSettings = DEFAULTS) -> list[dict[str, Any]]:
    """Warm paths to a person (relationships decayed to ``as_of``) with each step's
    display name."""
    named = []
    for path in analytics.warm_paths(G, person_id, k=k, as_of=as_of, settings=settings):
        steps = path["nodes"]
        names = [name_of(G, "colleague", steps[0])] + [name_of(G, "person", p) for p in steps[1:]]
        named.append({"score": path["score"], "strength": path["strength"],
                      "effective_strength": path["effective_strength"],
                      "steps": list(zip(steps, names, strict=True))})
    return named


def colleagues(store: Store) -> list[dict[str, Any]]:
    """Our team, by name."""
    team = [c.model_dump(mode="json") for c in services.colleagues(store)]
    return sorted(team, key=lambda c: (c["name"].lower(), c["id"]))


def check_page(page: int, per_page: int) -> None:
    if page < 1 or not 1 <= per_page <= 200:
        raise InvalidInput("page must be >= 1 and per_page between 1 and 200")


def paged(rows: list[dict[str, Any]], page: int, per_page: int, *,
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
