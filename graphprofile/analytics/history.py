"""What changed at each account between two readings of the store (before and after an
import or an edit): the entries of the import history.

A reading (:data:`Facts`) holds, per record id, only what a change is measured on::

    {"companies":     {id: {"name", "revenue", "employees"}},
     "departments":   {id: {"company_id", "name", "function", "parent_id", "headcount"}},
     "people":        {id: {"company_id", "department_id", "reports_to", "title", "roles"}},
     "opportunities": {id: {"company_id", "name", "stage"}}}

``roles`` is the sorted list of a person's distinct buying roles.

==========================  ===========================================================
kind                        recorded when (``record_id``)
==========================  ===========================================================
``company_added``           a company is new (the company); nothing else is recorded
                            about a new company's records
``revenue_changed``         the company's revenue differs (the company)
``headcount_changed``       the company's employees or a department's headcount differs
                            (the company or the department)
``department_added``        a department is new at a known company
``department_renamed``      a department's name changed, or a new department took every
                            person of exactly one department that is now empty (the new
                            department; ``before`` names the old one)
``department_merged``       a new or known department took most people of two or more
                            departments that are now empty (the receiving department)
``department_split``        an emptied department's people went to two or more
                            departments, none taking most of them (the emptied one)
``department_removed``      a department lost every person, some of whom are still at
                            the company, and fits none of the above; a department
                            moved to another company; or a department deleted (an
                            import's ``--prune``) that none of its people stayed past
``department_moved``        a department has another parent department
``person_joined``           a person is new at a known company, or came from another
                            company (``before`` holds where they were)
``person_left``             a person went to a company that was not stored before, or
                            was deleted (an import's ``--prune``; ``after`` is None)
``person_moved``            a person went to another known company (in both histories)
``person_transferred``      a person is in another department of the same company
                            (not when their old unit was merged, renamed or split)
``manager_changed``         a person reports to someone else
``title_changed``           a person's title differs
``role_changed``            a person's set of buying roles differs
``opportunity_added``       an opportunity is new at a known company
``stage_changed``           an opportunity's stage differs
==========================  ===========================================================

"Most" is more than half of the department's former people still at the company; a
unit whose people all left the company is not a change of units. A
reading taken of an empty store records nothing: the first import is the baseline.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

__all__ = ["KINDS", "Facts", "diff"]

Facts = dict[str, dict[str, dict[str, Any]]]

KINDS = (
    "company_added", "revenue_changed", "headcount_changed", "department_added",
    "department_renamed", "department_merged", "department_split", "department_removed",
    "department_moved", "person_joined", "person_left", "person_moved", "person_transferred",
    "manager_changed", "title_changed", "role_changed", "opportunity_added", "stage_changed",
)
_PART = ("companies", "departments", "people", "opportunities")


def _entry(company_id: str, kind: str, record_id: str, before: Any, after: Any, *,
           person_id: str | None = None) -> dict[str, Any]:
    return {"company_id": company_id, "kind": kind, "record_id": record_id,
            "before": before, "after": after, "person_id": person_id}


def _differ(company_id: str, record_id: str, was: dict[str, Any], now: dict[str, Any],
            fields: tuple[tuple[str, str], ...]) -> list[dict[str, Any]]:
    """One entry per ``(field, kind)`` whose value differs: ``{field: before}`` and
    ``{field: after}``."""
    return [_entry(company_id, kind, record_id, {field: was.get(field)},
                   {field: now.get(field)})
            for field, kind in fields if was.get(field) != now.get(field)]


def _members(people: dict[str, dict[str, Any]]) -> dict[str, set[str]]:
    members: dict[str, set[str]] = defaultdict(set)
    for person_id, p in people.items():
        if p.get("department_id"):
            members[p["department_id"]].add(person_id)
    return members


def diff(before: Facts, after: Facts) -> list[dict[str, Any]]:
    """The history entries between two readings, in a stable order (by company, then
    the order of the table above's record kinds, then record id).

    Each entry is ``{"company_id", "kind", "record_id", "before", "after",
    "person_id"}``; ``person_id`` names the person an entry is about (None otherwise),
    so erasing a person can erase their history.

    Examples
    --------
    >>> before = {"companies": {"acme": {"name": "Acme", "revenue": 10.0, "employees": 50}},
    ...           "people": {"p1": {"company_id": "acme", "title": "CTO", "roles": []}}}
    >>> after = {"companies": {"acme": {"name": "Acme", "revenue": 12.0, "employees": 50}},
    ...          "people": {"p1": {"company_id": "acme", "title": "CEO", "roles": []}}}
    >>> [(e["kind"], e["before"], e["after"]) for e in diff(before, after)]
    [('revenue_changed', {'revenue': 10.0}, {'revenue': 12.0}), \
('title_changed', {'title': 'CTO'}, {'title': 'CEO'})]
    """
    b = {part: before.get(part, {}) for part in _PART}
    a = {part: after.get(part, {}) for part in _PART}
    if not any(b.values()):
        return []
    known = set(b["companies"])  # companies stored before: their records are followed
    out: list[dict[str, Any]] = []
    out += _companies(b["companies"], a["companies"])
    restructured: set[str] = set()
    out += _departments(b, a, known, restructured)
    out += _people(b["people"], a["people"], known & set(a["companies"]), restructured)
    out += _opportunities(b["opportunities"], a["opportunities"], known)
    order = {kind: i for i, kind in enumerate(KINDS)}
    return sorted(out, key=lambda e: (e["company_id"], order[e["kind"]], e["record_id"]))


def _companies(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]
               ) -> list[dict[str, Any]]:
    out = []
    for cid, now in after.items():
        was = before.get(cid)
        if was is None:
            out.append(_entry(cid, "company_added", cid, None, {"name": now.get("name")}))
            continue
        out += _differ(cid, cid, was, now, (("revenue", "revenue_changed"),
                                            ("employees", "headcount_changed")))
    return out


def _departments(b: Facts, a: Facts, known: set[str], restructured: set[str]
                 ) -> list[dict[str, Any]]:
    """Department entries; the emptied units that were merged, renamed into a new
    unit or split go into ``restructured`` (their people's moves are that one entry)."""
    out: list[dict[str, Any]] = []
    before, after = b["departments"], a["departments"]
    was_in, now_in = _members(b["people"]), _members(a["people"])
    for did, now in after.items():
        was = before.get(did)
        cid = now["company_id"]
        if was is None:
            continue  # added, renamed or merged: decided below with the emptied units
        if was["company_id"] != cid:
            if was["company_id"] in known:
                out.append(_entry(was["company_id"], "department_removed", did,
                                  {"name": was.get("name")}, {"company_id": cid}))
            if cid in known:
                out.append(_entry(cid, "department_added", did, None,
                                  {"name": now.get("name"), "function": now.get("function")}))
            continue
        if cid not in known:
            continue
        out += _differ(cid, did, was, now, (("name", "department_renamed"),
                                            ("parent_id", "department_moved"),
                                            ("headcount", "headcount_changed")))

    # Departments of a known company that had people and now have none: where did
    # their people (those still at the company) go?
    went_into: dict[str, list[str]] = defaultdict(list)  # receiving unit -> emptied units
    spread: dict[str, list[str]] = {}
    for did, was in sorted(before.items()):
        cid = was["company_id"]
        if cid not in known:
            continue
        if (did not in after and cid in a["companies"]
                and not (was_in.get(did) and _stayed(a, was_in[did], cid))):
            # deleted (an import's --prune) with nobody of it still at the company
            out.append(_entry(cid, "department_removed", did, {"name": was.get("name")},
                              None))
            continue
        if not was_in.get(did) or now_in.get(did):
            continue
        if after.get(did, was)["company_id"] != cid:
            continue  # reported as moved to another company above
        still = [a["people"][p] for p in was_in[did]
                 if p in a["people"] and a["people"][p].get("company_id") == cid]
        if not still:
            continue  # its people left the company: a change of people, not of units
        places = Counter(p["department_id"] for p in still if p.get("department_id"))
        staying = len(still)
        top = max(sorted(places), key=lambda d: places[d], default=None)
        if top is not None and places[top] * 2 > staying:
            went_into[top].append(did)
            restructured.add(did)
        elif len(places) >= 2:
            spread[did] = sorted(places)
            restructured.add(did)
        else:
            out.append(_entry(cid, "department_removed", did, {"name": was.get("name")},
                              None))
    for did, targets in sorted(spread.items()):
        was = before[did]
        out.append(_entry(was["company_id"], "department_split", did,
                          {"name": was.get("name"), "people": len(was_in[did])},
                          {"department_ids": targets,
                           "names": [after[t].get("name") for t in targets if t in after]}))
    for did, now in sorted(after.items()):
        cid = now["company_id"]
        sources = went_into.get(did, [])
        if cid not in known or (did in before and not sources):
            continue
        if len(sources) == 1 and did not in before:  # a new unit took one unit's people
            source = sources[0]
            out.append(_entry(cid, "department_renamed", did,
                              {"department_id": source, "name": before[source].get("name")},
                              {"department_id": did, "name": now.get("name")}))
        elif sources:  # several units, or one into a unit that already existed
            out.append(_entry(cid, "department_merged", did,
                              {"department_ids": sources,
                               "names": [before[s].get("name") for s in sources]},
                              {"name": now.get("name"), "people": len(now_in.get(did, ()))}))
        elif did not in before:
            out.append(_entry(cid, "department_added", did, None,
                              {"name": now.get("name"), "function": now.get("function")}))
    return out


def _stayed(a: Facts, people: set[str], company_id: str) -> bool:
    """Whether any of ``people`` (read before) is still at ``company_id`` after."""
    return any(a["people"].get(p, {}).get("company_id") == company_id for p in people)


def _where(p: dict[str, Any]) -> dict[str, Any]:
    return {"company_id": p.get("company_id"), "department_id": p.get("department_id"),
            "title": p.get("title"), "roles": list(p.get("roles") or [])}


def _people(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]],
            known: set[str], restructured: set[str]) -> list[dict[str, Any]]:
    out = []
    for pid, was in before.items():
        if pid not in after and was["company_id"] in known:  # deleted (--prune)
            out.append(_entry(was["company_id"], "person_left", pid, _where(was), None,
                              person_id=pid))
    for pid, now in after.items():
        was = before.get(pid)
        cid = now["company_id"]
        if was is None:
            if cid in known:
                out.append(_entry(cid, "person_joined", pid, None, _where(now), person_id=pid))
            continue
        if was["company_id"] != cid:
            old = was["company_id"]
            if old in known:  # always: the person was stored, so was their company
                kind = "person_moved" if cid in known else "person_left"
                out.append(_entry(old, kind, pid, _where(was), _where(now), person_id=pid))
            out.append(_entry(cid, "person_joined", pid, _where(was), _where(now),
                              person_id=pid))
            continue
        if cid not in known:
            continue
        for field, kind in (("department_id", "person_transferred"),
                            ("reports_to", "manager_changed"), ("title", "title_changed"),
                            ("roles", "role_changed")):
            if kind == "person_transferred" and was.get(field) in restructured:
                continue  # one entry of the department's merge, rename or split
            if (was.get(field) or None) != (now.get(field) or None):
                out.append(_entry(cid, kind, pid, {field: was.get(field)},
                                  {field: now.get(field)}, person_id=pid))
    return out


def _opportunities(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]],
                   known: set[str]) -> list[dict[str, Any]]:
    out = []
    for oid, now in after.items():
        cid = now["company_id"]
        if cid not in known:
            continue
        was = before.get(oid)
        if was is None:
            out.append(_entry(cid, "opportunity_added", oid, None,
                              {"name": now.get("name"), "stage": now.get("stage")}))
        elif was.get("stage") != now.get("stage"):
            out.append(_entry(cid, "stage_changed", oid, {"stage": was.get("stage")},
                              {"stage": now.get("stage")}))
    return out
