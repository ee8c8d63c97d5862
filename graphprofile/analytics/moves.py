"""Champion moves: people who left one of our accounts for another company, warm leads
at their new company with the relationships that came with them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from graphprofile.models import Role

__all__ = ["moves"]

# The role a move names as the one held before, when the person held several: the
# decision chain's order (the decision maker first).
_ROLE_ORDER = {role.value: i for i, role in enumerate(Role)}


def _main_role(roles: Iterable[str]) -> str | None:
    return min(roles, key=lambda r: (_ROLE_ORDER.get(r, len(_ROLE_ORDER)), r), default=None)


def moves(joined: Iterable[Mapping[str, Any]], previous: Iterable[Mapping[str, Any]],
          accounts: Iterable[str], people: Mapping[str, Mapping[str, Any]]
          ) -> list[dict[str, Any]]:
    """Every move from one of our accounts, newest knowledge merged per person and pair.

    Parameters
    ----------
    joined
        ``person_joined`` history entries with a ``before`` (the person came from
        another company): ``company_id`` (the new one), ``date``, ``record_id`` (the
        person), ``before`` (``company_id``, ``title``, ``roles``).
    previous
        ``{"person_id", "from_company_id"}``: a previous employer on record.
    accounts
        Our accounts' ids: only moves from one of them count.
    people
        Per person id, now: ``company_id``, ``name``, ``title``, ``relationships``
        (``colleague_id``, ``strength``), ``interactions``. A person not in it (erased,
        or unknown) is left out.

    Returns
    -------
    list of dict
        ``person_id``, ``from_company_id``, ``to_company_id``, ``role_before`` (the most
        decisive buying role they held, or None), ``roles_before``, ``title_before``,
        ``name``, ``title``, ``moved_on`` (the import that saw it, or None), ``source``
        (``history`` or ``previous_employer``), ``relationships`` (strongest first) and
        ``interactions``; by new company, then person.

    Examples
    --------
    >>> people = {"p": {"company_id": "new", "name": "Pat", "title": "CIO",
    ...                 "relationships": [{"colleague_id": "c1", "strength": 4}],
    ...                 "interactions": 3}}
    >>> [m["from_company_id"] for m in moves([], [{"person_id": "p",
    ...     "from_company_id": "old"}], {"old"}, people)]
    ['old']
    """
    ours = set(accounts)
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for entry in joined:
        before = entry.get("before") or {}
        source = before.get("company_id")
        pid = entry["record_id"]
        if source in ours and pid in people and source != people[pid].get("company_id"):
            roles = sorted(before.get("roles") or [])
            found[(pid, source)] = {
                "moved_on": entry["date"], "source": "history", "roles_before": roles,
                "role_before": _main_role(roles), "title_before": before.get("title")}
    for row in previous:
        pid, source = row["person_id"], row["from_company_id"]
        if (source in ours and pid in people and (pid, source) not in found
                and source != people[pid].get("company_id")):
            found[(pid, source)] = {"moved_on": None, "source": "previous_employer",
                                    "roles_before": [], "role_before": None,
                                    "title_before": None}
    out = []
    for (pid, source), seen in found.items():
        now = people[pid]
        relationships = sorted(({"colleague_id": r["colleague_id"], "strength": r["strength"]}
                                for r in now.get("relationships") or ()),
                               key=lambda r: (-r["strength"], r["colleague_id"]))
        out.append({"person_id": pid, "from_company_id": source,
                    "to_company_id": now["company_id"], **seen, "name": now.get("name"),
                    "title": now.get("title"), "relationships": relationships,
                    "interactions": now.get("interactions", 0)})
    return sorted(out, key=lambda m: (m["to_company_id"], m["person_id"],
                                      m["from_company_id"]))
