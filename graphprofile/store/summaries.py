"""Repository of the stored read model: account summaries, cross-sell cells and the
portfolio's change counter (what :mod:`graphprofile.summaries` computes)."""

from __future__ import annotations

from datetime import date
from typing import Any

from graphprofile import cypher
from graphprofile.store import Store

__all__ = [
    "cross_sell_cells", "delete", "delete_all", "mark_fresh", "missing", "state",
    "summary_page", "write",
]


def write(store: Store, rows: list[dict[str, Any]], cells: list[dict[str, Any]], *,
          as_of: date, version: int) -> None:
    """Store the summaries ``rows`` and replace their accounts' cross-sell ``cells``, in
    one transaction."""
    ids = [row["id"] for row in rows]

    def work(tx: Any) -> None:
        # The summary first: its MERGE locks the node, so two refreshes of one account
        # take turns and the second replaces the first one's cells instead of adding
        # to them.
        tx.run(cypher.load("upsert_summaries"), rows=rows).consume()
        tx.run(cypher.load("delete_cross_sell_cells"), ids=ids).consume()
        tx.run(cypher.load("create_cross_sell_cells"), cells=cells).consume()
        tx.run(cypher.load("unmark_portfolio_other_date"), as_of=as_of,
               version=version).consume()

    store.write_tx(work)


def delete(store: Store, company_ids: list[str]) -> None:
    """Drop these accounts' summaries and cells, and count a change, in one transaction."""

    def work(tx: Any) -> None:
        tx.run(cypher.load("delete_summaries"), ids=company_ids).consume()
        tx.run(cypher.load("delete_cross_sell_cells"), ids=company_ids).consume()
        tx.run(cypher.load("bump_portfolio_generation")).consume()

    store.write_tx(work)


def delete_all(store: Store, *, batch: int) -> None:
    """Drop every summary and count a change; then every cell, ``batch`` at a time (they
    can be many: accounts x departments x products)."""

    def everything(tx: Any) -> None:
        tx.run(cypher.load("delete_all_summaries")).consume()
        tx.run(cypher.load("bump_portfolio_generation")).consume()

    store.write_tx(everything)
    while store.write_tx(lambda tx: tx.run(cypher.load("delete_all_cross_sell_cells"),
                                           limit=batch).single()["deleted"]):
        pass


def state(store: Store) -> dict[str, Any]:
    """The portfolio's ``generation`` (change count), and the ``fresh_generation``,
    ``as_of`` and ``version`` every summary was last found stored for; created at 0
    the first time."""
    found = store.read("portfolio_state")[0]
    if found["generation"] is None:
        store.write("ensure_portfolio_state")
        found = store.read("portfolio_state")[0]
    return {**found, "as_of": _native(found["as_of"])}


def missing(store: Store, *, as_of: date, version: int) -> list[str]:
    """Accounts without a stored summary of this date and shape, sorted."""
    return [r["id"] for r in store.read("missing_summaries", as_of=as_of, version=version)]


def mark_fresh(store: Store, *, generation: int, as_of: date, version: int) -> None:
    """Record every summary as stored for ``as_of``, unless a change came after
    ``generation``."""
    store.write("mark_portfolio_fresh", generation=generation, as_of=as_of, version=version)


def summary_page(store: Store, **params: Any) -> dict[str, Any]:
    """``{"total", "rows", "counted"}`` of ``cypher/summary_page.cypher``; rows as stored
    properties with plain Python dates."""
    found = store.read("summary_page", **params)[0]
    return {**found, "rows": [{k: _native(v) for k, v in r.items()} for r in found["rows"]]}


def cross_sell_cells(store: Store, *, as_of: date, status: str | None,
                     product_id: str | None, limit: int) -> tuple[list[dict[str, Any]], int]:
    """The first ``limit`` stored cells of ``as_of`` (best score first) and how many."""
    params = {"as_of": as_of, "status": status, "product_id": product_id}

    def work(tx: Any) -> tuple[list[dict[str, Any]], int]:
        shown = [{k: _native(v) for k, v in r["props"].items()}
                 for r in tx.run(cypher.load("list_cross_sell_cells"), limit=limit, **params)]
        total = tx.run(cypher.load("count_cross_sell_cells"), **params).single()["total"]
        return shown, total

    return store.read_tx(work)


def _native(value: Any) -> Any:
    """A driver temporal value as Python's (``neo4j.time.Date`` -> ``datetime.date``)."""
    return value.to_native() if hasattr(value, "to_native") else value
