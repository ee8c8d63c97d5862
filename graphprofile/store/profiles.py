"""Repository of the profiling methods: what the ideal customer profile compares, the
deciders its persona is drawn from, and the profile a user saved."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graphprofile.store import Store
from graphprofile.store.row_hashes import strip

__all__ = ["deciders", "profile_facts", "save_profile", "saved_profile"]


def profile_facts(store: Store) -> list[dict[str, Any]]:
    """One row per company, in id order: ``id``, ``props`` (every stored property),
    ``deals`` (stage, amount, created, closed, committee size), ``deployments`` (vendor,
    status, annual_value, category), ``support`` (support interactions) and ``people``."""
    return [{**row, "props": strip(row["props"])} for row in store.read("list_profile_facts")]


def deciders(store: Store, company_ids: Iterable[str]) -> list[dict[str, Any]]:
    """The decision makers and economic buyers of these companies, each with the roles of
    the others on the same deals (``others``)."""
    return store.read("list_profile_deciders", company_ids=sorted(set(company_ids)))


def saved_profile(store: Store) -> dict[str, Any] | None:
    """The ideal customer profile a user saved (best, card, saved_at, saved_by), or None."""
    found = store.read("get_ideal_profile")
    return found[0]["props"] if found else None


def save_profile(store: Store, best: list[str], card: str, saved_at: str,
                 saved_by: str | None) -> None:
    """Save the best customers and the card of an edited ideal customer profile."""
    store.write("save_ideal_profile", best=best, card=card, saved_at=saved_at,
                saved_by=saved_by)
