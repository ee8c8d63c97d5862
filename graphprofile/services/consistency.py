"""Consistency checks of the stored accounts (see :mod:`graphprofile.analytics.consistency`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphprofile import portfolio
from graphprofile.analytics import consistency
from graphprofile.services.analysis import account_ids
from graphprofile.store import Store

__all__ = ["check"]

PARTS = frozenset({"departments", "people", "colleagues", "relationships", "opportunities",
                   "roles"})


def check(store: Store, company_id: str | None = None, *, workers: int | None = None,
          progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """``{"total", "companies": [{"company_id", "problems": [...]}]}``: every account (or
    one) in id order, those without a problem left out unless asked for by id."""
    ids = [company_id] if company_id else account_ids(store)
    companies = [{"company_id": cid, "problems": problems} for cid, problems in
                 portfolio.answers(store, consistency.check, ids, workers=workers,
                                   progress=progress, parts=PARTS)
                 if problems or company_id]
    return {"total": sum(len(c["problems"]) for c in companies), "companies": companies}
