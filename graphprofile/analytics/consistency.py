"""Consistency checks of one account's data, each problem with a way to fix it.

* ``reporting_cycle``: people who, up the reporting chain, report to themselves.
* ``two_places``: a person whose manager or department is not of their company (the
  manager or department is stored at another company, or not at all).
* ``conflicting_roles``: one person on one deal (or account-wide) with a supportive
  stance on one role and an opposed one on another, or both a ``blocker`` and a
  ``champion``.
* ``colleague_left``: relationships still held by a colleague who left (inactive).
* ``dotted_duplicate``: a dotted (secondary) reporting line to the person's own solid-line
  manager, which says nothing more.
* ``dotted_left``: a dotted line to someone who is not at this company (left, or never
  stored).
"""

from __future__ import annotations

import networkx as nx

from graphprofile.analytics.influence import reporting_loops
from graphprofile.models import OPPOSED, SUPPORTIVE

__all__ = ["KINDS", "check"]

KINDS = ("reporting_cycle", "two_places", "conflicting_roles", "colleague_left",
         "dotted_duplicate", "dotted_left")


def _problem(kind: str, people: list[str], detail: str, fix: str) -> dict:
    return {"kind": kind, "people": people, "detail": detail, "fix": fix}


def check(G: nx.MultiDiGraph) -> list[dict]:
    """The problems of an account, in ``KINDS`` order then by their people.

    Returns
    -------
    list of dict
        ``{"kind", "people", "detail", "fix"}``; ``people`` sorted ids.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node(("person", "ann"), kind="person", reports_to="bob", department_id=None)
    >>> G.add_node(("person", "bob"), kind="person", reports_to="ann", department_id=None)
    >>> _ = G.add_edge(("person", "ann"), ("person", "bob"), key="reports_to")
    >>> _ = G.add_edge(("person", "bob"), ("person", "ann"), key="reports_to")
    >>> [(p["kind"], p["people"]) for p in check(G)]
    [('reporting_cycle', ['ann', 'bob'])]
    """
    found = []
    for loop in reporting_loops(G):
        chain = " -> ".join([*loop, loop[0]])
        found.append(_problem("reporting_cycle", sorted(loop), f"reporting loop {chain}",
                              f"set the true manager of one of {', '.join(sorted(loop))}"))
    for node, attrs in sorted(G.nodes(data=True)):
        if node[0] != "person":
            continue
        manager, dept = attrs.get("reports_to"), attrs.get("department_id")
        if manager is not None and ("person", manager) not in G:
            found.append(_problem(
                "two_places", [node[1]], f"reports to {manager}, who is not at this company",
                f"clear or correct reports_to of {node[1]} (or move them to {manager}'s "
                "company)"))
        if dept is not None and ("department", dept) not in G:
            found.append(_problem(
                "two_places", [node[1]], f"member of department {dept}, not of this company",
                f"set a department of this company for {node[1]}"))
    held: dict[tuple[str, tuple[str, str]], list[tuple[str, str]]] = {}
    for u, v, attrs in G.edges(data=True):
        if u[0] == "person" and attrs.get("role") is not None:
            held.setdefault((u[1], v), []).append(
                (str(attrs["role"]), str(attrs.get("stance") or "neutral")))
    for (person, target), roles in sorted(held.items()):
        stances = sorted({s for _r, s in roles})
        names = {r for r, _s in roles}
        where = "account-wide" if target[0] == "company" else f"on {target[1]}"
        if SUPPORTIVE & set(stances) and OPPOSED & set(stances):
            found.append(_problem(
                "conflicting_roles", [person],
                f"{where}: stances {', '.join(stances)} for roles "
                f"{', '.join(sorted(names))}",
                f"give {person} one stance {where}"))
        elif {"blocker", "champion"} <= names:
            found.append(_problem(
                "conflicting_roles", [person], f"{where}: both blocker and champion",
                f"keep one of blocker or champion for {person} {where}"))
    for node, active in sorted(G.nodes(data="active")):
        if node[0] != "colleague" or active is not False:
            continue
        people = sorted(v[1] for _u, v, key in G.out_edges(node, keys=True) if key == "knows")
        if people:
            found.append(_problem(
                "colleague_left", people, f"{node[1]} has left but still holds "
                f"{len(people)} relationship(s) here",
                f"hand {node[1]}'s relationships to an active colleague, or end them"))
    found.extend(_dotted_lines(G))
    order = {kind: i for i, kind in enumerate(KINDS)}
    return sorted(found, key=lambda p: (order[p["kind"]], p["people"], p["detail"]))


def _dotted_lines(G: nx.MultiDiGraph) -> list[dict]:
    """Dotted lines that duplicate the solid one or point to someone not here."""
    found = []
    for node, attrs in sorted(G.nodes(data=True)):
        if node[0] != "person":
            continue
        for boss in sorted(set(attrs.get("dotted_line_to") or ())):
            if boss == attrs.get("reports_to"):
                found.append(_problem(
                    "dotted_duplicate", [node[1]],
                    f"dotted line to {boss}, who is already the solid-line manager",
                    f"remove {boss} from dotted_line_to of {node[1]}"))
            elif ("person", boss) not in G:
                found.append(_problem(
                    "dotted_left", [node[1]],
                    f"dotted line to {boss}, who is not at this company (left?)",
                    f"remove {boss} from dotted_line_to of {node[1]}, or name who "
                    "took over"))
    return found
