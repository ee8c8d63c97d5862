"""Repository of the customer's side: accounts, people, colleagues and what links them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from graphprofile import cypher
from graphprofile.store import Store, cache
from graphprofile.store.row_hashes import strip

__all__ = [
    "account_ids", "colleague_account_ids", "colleague_exists", "company_names",
    "delete_role", "erase_person", "manager_chain", "peer_rows", "person_company",
    "person_properties", "relationship_properties", "replace_person",
]


def account_ids(store: Store) -> list[str]:
    """Ids of every account (every company but one only named as someone's previous
    employer), sorted."""
    return list(cache.remembered(store, "account_ids", lambda: tuple(
        row["id"] for row in store.read("list_account_ids"))))


def company_names(store: Store, ids: Iterable[str]) -> dict[str, str]:
    """Company id -> name (the id where it has none), for the stored ones of ``ids``."""
    return {r["id"]: r["name"] for r in store.read("company_names", ids=sorted(set(ids)))}


def person_company(store: Store, person_id: str) -> str | None:
    """The company a stored person works at; None when the person is not stored."""
    found = store.read("find_person", person_id=person_id)
    return str(found[0]["company_id"]) if found else None


def person_properties(store: Store, person_id: str) -> dict[str, Any] | None:
    """Every stored property of a person (import extras included), or None."""
    found = store.read("person_record", person_id=person_id)
    return strip(found[0]["props"]) if found else None


def manager_chain(store: Store, person_id: str) -> list[str]:
    """The ids of a person's managers, nearest first."""
    return [row["id"] for row in store.read("manager_chain", person_id=person_id)]


def replace_person(store: Store, row: dict[str, Any],
                   check: Callable[[dict[str, Any] | None], None]) -> None:
    """Write one person row and its reporting line in one transaction that first locks
    the stored person and hands its properties (None when gone) to ``check``, which
    raises to stop the write (an optimistic-concurrency check)."""

    def work(tx: Any) -> None:
        current = tx.run(cypher.load("lock_person"), person_id=row["id"]).single()
        check(None if current is None else strip(current["props"]))
        tx.run(cypher.load("upsert_people"), rows=[row]).consume()
        tx.run(cypher.load("link_people"),
               rows=[{"id": row["id"], "reports_to": row.get("reports_to")}]).consume()

    store.write_tx(work)


def delete_role(store: Store, person_id: str, role: str, opportunity_id: str | None) -> bool:
    """Remove one buying role (account-wide when ``opportunity_id`` is None); False when
    the person held no such role."""
    counters = store.write("delete_role", person_id=person_id, role=role,
                           opportunity_id=opportunity_id or None)
    return bool(counters.get("relationships_deleted"))


def relationship_properties(store: Store, colleague_id: str,
                            person_id: str) -> dict[str, Any] | None:
    """The stored KNOWS line from a colleague to a person, or None."""
    found = store.read("find_relationship", colleague_id=colleague_id, person_id=person_id)
    return strip(found[0]["props"]) if found else None


def colleague_exists(store: Store, colleague_id: str) -> bool:
    return bool(store.read("find_colleague", colleague_id=colleague_id))


def colleague_account_ids(store: Store, colleague_id: str) -> list[str]:
    """The accounts a colleague knows someone at, talked to, or owns a deal of, sorted."""
    return [row["company_id"] for row in store.read("colleague_accounts",
                                                    colleague_id=colleague_id)]


def peer_rows(store: Store) -> list[dict[str, Any]]:
    """Per (industry, function, product): departments ``owning`` it of ``total``, for
    every product of the catalogue (the rows of ``PeerStats.from_rows``)."""
    products = [row["props"]["id"] for row in store.read("list_products")]
    owning = {(r["industry"], r["function"], r["product_id"]): r["owning"]
              for r in store.read("peer_owning")}
    return [{"industry": t["industry"], "function": t["function"], "product_id": product,
             "owning": owning.get((t["industry"], t["function"], product), 0),
             "total": t["total"]}
            for t in store.read("peer_departments") for product in products]


def erase_person(store: Store, person_id: str, *, placeholder: str, erased_on: Any) -> None:
    """Strip a person to an anonymous placeholder (see ``cypher/erase_person.cypher``)
    and delete what was recorded about their fields (``erase_field_sources``), in one
    transaction."""

    def work(tx: Any) -> None:
        tx.run(cypher.load("erase_person"), person_id=person_id, placeholder=placeholder,
               erased_on=erased_on).consume()
        tx.run(cypher.load("erase_field_sources"), person_id=person_id).consume()

    store.write_tx(work)
