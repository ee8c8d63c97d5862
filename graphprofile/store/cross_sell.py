"""Repository of the stored cross-sell cells (``:CrossSellCell``, written with the account
summaries by :mod:`graphprofile.store.summaries`): one page of them filtered and sorted,
the portfolio matrix and the counts of a page's accounts, read in one transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from graphprofile import cypher
from graphprofile.store import Store

__all__ = ["cross_sell_page"]

_FILTERS = ("status", "product_id", "strategic_class", "function", "min_score", "needle")


def cross_sell_page(store: Store, *, as_of: date, where: dict[str, Any], sort: str,
                    desc: bool, skip: int, limit: int, matrix: bool = True
                    ) -> dict[str, Any]:
    """``{"rows", "groups", "accounts"}``: the cells ``skip`` to ``skip + limit`` of
    ``as_of`` that ``where`` keeps (its keys: ``_FILTERS``, None where it does not
    narrow), by ``sort`` (a key of cypher/cross_sell_page.cypher, checked by the caller);
    the matrix's (function, product) counts unless ``matrix`` is False; and the count
    and best score of each shown account among the kept cells."""
    params = {"as_of": as_of, **{key: where.get(key) for key in _FILTERS}}
    best_first = sort == "propensity" and desc
    page_query = cypher.load("cross_sell_page_best" if best_first else "cross_sell_page")

    def work(tx: Any) -> dict[str, Any]:
        rows = [{k: _native(v) for k, v in r["props"].items() if k != "as_of"}
                for r in tx.run(page_query, sort=sort, desc=desc, skip=skip, limit=limit,
                                **params)]
        groups = ([r.data() for r in tx.run(cypher.load("cross_sell_matrix"), **params)]
                  if matrix else [])
        ids = sorted({row["company_id"] for row in rows})
        accounts = {r["company_id"]: {"count": r["count"], "best": r["best"]}
                    for r in tx.run(cypher.load("cross_sell_accounts"), ids=ids, **params)}
        return {"rows": rows, "groups": groups, "accounts": accounts}

    return store.read_tx(work)


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value
