"""Follow-up and procurement progress: each opportunity's stage history, the follow-ups
about it, how long ago its key people were last touched, the decision makers overdue for
a follow-up, and the median days per stage (stage velocity).

Pure functions over plain facts built by the service from what is stored
(:class:`Deal`, :class:`RoleHolder`, :class:`FollowUp`, :class:`Contact`) and over the
``opportunity_added`` and ``stage_changed`` entries of the import history (dicts with
``date``, ``kind``, ``record_id``, ``before`` and ``after``, oldest first). Everything is
as of a day: history entries, follow-ups and contacts after it are ignored.

**Stage history.** An opportunity's first stage is the stage its ``opportunity_added``
entry recorded, or the ``before`` stage of its first ``stage_changed`` entry (it was
there before the history began), or its stored stage when no entry names it. That stage
starts on ``created`` when recorded (and not after the first entry); else on the day of
the ``opportunity_added`` entry; else the start is unknown (None). Each ``stage_changed``
entry starts the next stage on its date, except that a won or lost stage starts on
``closed`` when that is recorded between the start of the stage before and the entry
(an import dates a change on the day of the export, often after the deal closed). A
stage ends where the next begins. The current stage has no end (``until`` None); its
``days`` are the days in it so far, except for won and lost, which are terminal
(``days`` None). Stages starting after the day asked are cut off, so the stage shown is
the stage of that day; an opportunity with no stage by then is not listed.

**Last touch.** The latest day up to the day asked on which someone on our side was in
touch with a person: an interaction with them (any type, about any deal), or the
``last_contact`` of a colleague's relationship with them. Relationships count because a
CRM's "last contacted" is often the only trace of a call nobody logged as an
interaction; an interaction wins a tie, as it says more.

**Key people** of an opportunity: the holders of a buying role on it and the account-wide
role holders of its company.

**Alerts.** On every opportunity open on the day asked, each key person who holds a
role of ``alert_roles`` (decision maker, economic buyer) and was last touched more than
``cadence_days`` ago, or never. One alert per person, role and opportunity; an
account-wide role is alerted once per account (``opportunity_id`` None). Never touched
come first, then the longest untouched, then by company, person, role and opportunity.

**Stage velocity.** For each open stage in pipeline order, the median over opportunities
of the days each spent in it (summed when it came back to the stage), counting only
stays with both a start and an end; ``opportunities`` counts the opportunities behind
the median (None when there are none).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from graphprofile.models import OPEN_STAGES, OpportunityStage, Role

__all__ = [
    "ALERT_ROLES", "DEFAULT_CADENCE", "PIPELINE", "STAGE_KINDS", "Contact", "Deal",
    "FollowUp", "RoleHolder", "follow_up_report", "last_touches", "stage_history",
    "stage_velocity",
]

DEFAULT_CADENCE = 30  # days a decision maker may go without a touch
ALERT_ROLES = (Role.DECISION_MAKER.value, Role.ECONOMIC_BUYER.value)
STAGE_KINDS = ("opportunity_added", "stage_changed")
# The open stages in the order a purchase moves through them.
PIPELINE = tuple(s.value for s in OpportunityStage if s in OPEN_STAGES)
_TERMINAL = frozenset(s.value for s in OpportunityStage if s not in OPEN_STAGES)
_ROLE_RANK = {r.value: i for i, r in enumerate(Role)}


@dataclass(frozen=True)
class Deal:
    """An opportunity as stored: its current stage and the dates it records."""

    id: str
    company_id: str
    name: str
    stage: str
    created: date | None = None
    closed: date | None = None
    company_name: str | None = None


@dataclass(frozen=True)
class RoleHolder:
    """A person's buying role on an opportunity, or account-wide (``opportunity_id``
    None) at ``company_id``."""

    person_id: str
    company_id: str
    role: str
    opportunity_id: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class FollowUp:
    """An interaction: who on our side was in touch with whom, when, maybe about a deal."""

    id: str
    date: date
    colleague_id: str
    person_id: str
    type: str
    opportunity_id: str | None = None
    summary: str | None = None
    colleague_name: str | None = None
    person_name: str | None = None


@dataclass(frozen=True)
class Contact:
    """The last contact a colleague's relationship with a person records."""

    colleague_id: str
    person_id: str
    last_contact: date


def _stage(value: Mapping[str, Any] | None) -> str | None:
    stage = (value or {}).get("stage")
    return None if stage is None else str(stage)


def stage_history(deal: Deal, entries: Iterable[Mapping[str, Any]], *, as_of: date
                  ) -> list[dict[str, Any]]:
    """The stages of ``deal`` up to ``as_of``, oldest first: ``{"stage", "since",
    "until", "days"}`` (dates, or None when unknown); empty when the deal had no stage
    by ``as_of``. ``entries`` are the deal's history entries, oldest first.

    Examples
    --------
    >>> from datetime import date
    >>> deal = Deal("o1", "acme", "CRM", "won", created=date(2026, 1, 1),
    ...             closed=date(2026, 3, 10))
    >>> entries = [{"date": date(2026, 2, 1), "kind": "stage_changed",
    ...             "before": {"stage": "lead"}, "after": {"stage": "proposal"}},
    ...            {"date": date(2026, 4, 1), "kind": "stage_changed",
    ...             "before": {"stage": "proposal"}, "after": {"stage": "won"}}]
    >>> [(s["stage"], s["since"].isoformat(), s["days"])
    ...  for s in stage_history(deal, entries, as_of=date(2026, 5, 1))]
    [('lead', '2026-01-01', 31), ('proposal', '2026-02-01', 37), ('won', '2026-03-10', None)]
    >>> [(s["stage"], s["days"]) for s in stage_history(deal, entries, as_of=date(2026, 3, 1))]
    [('lead', 31), ('proposal', 28)]
    """
    known = [e for e in entries if e.get("kind") in STAGE_KINDS]
    first = known[0] if known else None
    # [stage, since] of each stay, oldest first.
    stays: list[list[Any]] = []
    if first is None:
        since = deal.closed if deal.stage in _TERMINAL and deal.closed else deal.created
        stays.append([deal.stage, since])
        rest: list[Mapping[str, Any]] = []
    else:
        created = deal.created if deal.created and deal.created <= first["date"] else None
        if first["kind"] == "opportunity_added":
            stage, since, rest = _stage(first["after"]) or deal.stage, created or first["date"], \
                known[1:]
        else:
            stage, since, rest = _stage(first["before"]) or deal.stage, created, known
        if stage in _TERMINAL and deal.closed and (since is None or since <= deal.closed) \
                and deal.closed <= first["date"]:
            since = deal.closed
        stays.append([stage, since])
    for entry in rest:
        stage = _stage(entry.get("after"))
        if entry["kind"] != "stage_changed" or stage is None or stage == stays[-1][0]:
            continue
        since = entry["date"]
        before = stays[-1][1]
        if stage in _TERMINAL and deal.closed and (before is None or before <= deal.closed) \
                and deal.closed <= since:
            since = deal.closed  # the day it closed, not the day an import saw it
        stays.append([stage, since])

    # As of the day asked: stays that had not begun by then are cut off.
    kept = []
    for stage, since in stays:
        if since is not None and since > as_of:
            break
        kept.append((stage, since))
    out = []
    for i, (stage, since) in enumerate(kept):
        until = kept[i + 1][1] if i + 1 < len(kept) else None
        if until is not None:
            days = (until - since).days if since is not None else None
        elif stage in _TERMINAL or since is None:
            days = None
        else:
            days = (as_of - since).days  # the current stage: days in it so far
        out.append({"stage": stage, "since": since, "until": until, "days": days})
    return out


def stage_velocity(histories: Iterable[Sequence[Mapping[str, Any]]]
                   ) -> list[dict[str, Any]]:
    """Median days per open stage over the stage histories of opportunities:
    ``[{"stage", "median_days", "opportunities"}]`` in pipeline order.

    Examples
    --------
    >>> from datetime import date
    >>> d = date(2026, 1, 1)
    >>> one = [{"stage": "lead", "since": d, "until": date(2026, 1, 11)},
    ...        {"stage": "qualified", "since": date(2026, 1, 11), "until": None}]
    >>> two = [{"stage": "lead", "since": d, "until": date(2026, 1, 21)}]
    >>> stage_velocity([one, two])[:2]
    [{'stage': 'lead', 'median_days': 15.0, 'opportunities': 2}, \
{'stage': 'qualified', 'median_days': None, 'opportunities': 0}]
    """
    spent: dict[str, list[int]] = defaultdict(list)
    for history in histories:
        days: dict[str, int] = defaultdict(int)
        for stay in history:
            since, until = stay.get("since"), stay.get("until")
            if since is not None and until is not None and stay["stage"] in PIPELINE:
                days[stay["stage"]] += (until - since).days
        for stage, total in days.items():
            spent[stage].append(total)
    return [{"stage": stage,
             "median_days": (round(float(statistics.median(spent[stage])), 1)
                             if spent[stage] else None),
             "opportunities": len(spent[stage])} for stage in PIPELINE]


def last_touches(follow_ups: Iterable[FollowUp], contacts: Iterable[Contact], *,
                 as_of: date) -> dict[str, dict[str, Any]]:
    """Person id -> ``{"last_touch", "source", "touched_by"}`` of their latest touch up to
    ``as_of``: ``source`` is ``"interaction"`` or ``"relationship"``, ``touched_by`` the
    colleague. An interaction wins a tie with a relationship, then the lower colleague id.

    Examples
    --------
    >>> from datetime import date
    >>> calls = [FollowUp("i1", date(2026, 3, 1), "c2", "p1", "call"),
    ...          FollowUp("i2", date(2026, 9, 1), "c1", "p1", "call")]  # after as_of
    >>> known = [Contact("c1", "p1", date(2026, 3, 1)), Contact("c1", "p2", date(2026, 2, 1))]
    >>> found = last_touches(calls, known, as_of=date(2026, 6, 30))
    >>> found["p1"]["source"], found["p1"]["touched_by"], found["p2"]["source"]
    ('interaction', 'c2', 'relationship')
    """
    best: dict[str, tuple[Any, ...]] = {}
    candidates = [(f.person_id, f.date, 0, f.colleague_id, "interaction") for f in follow_ups]
    candidates += [(c.person_id, c.last_contact, 1, c.colleague_id, "relationship")
                   for c in contacts]
    for person_id, day, rank, colleague_id, source in candidates:
        if day is None or day > as_of:
            continue
        # Latest day first; on a tie an interaction, then the lower colleague id.
        key = (-day.toordinal(), rank, colleague_id)
        if person_id not in best or key < best[person_id][0]:
            best[person_id] = (key, day, source, colleague_id)
    return {pid: {"last_touch": day, "source": source, "touched_by": colleague_id}
            for pid, (_key, day, source, colleague_id) in best.items()}


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _key_people(holders: Sequence[RoleHolder], touched: Mapping[str, dict[str, Any]],
                as_of: date) -> list[dict[str, Any]]:
    roles: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    for h in holders:
        roles[h.person_id].add(h.role)
        names.setdefault(h.person_id, h.name or h.person_id)
    people = []
    for pid, held in roles.items():
        touch = touched.get(pid)
        ordered = sorted(held, key=lambda r: (_ROLE_RANK.get(r, len(_ROLE_RANK)), r))
        people.append({
            "person_id": pid, "name": names[pid], "roles": ordered,
            "last_touch": _iso(touch["last_touch"]) if touch else None,
            "days_since": (as_of - touch["last_touch"]).days if touch else None,
            "source": touch["source"] if touch else None,
            "touched_by": touch["touched_by"] if touch else None,
        })
    # The most important role first, then by id.
    people.sort(key=lambda p: (_ROLE_RANK.get(p["roles"][0], len(_ROLE_RANK)), p["person_id"]))
    return people


def follow_up_report(deals: Iterable[Deal], entries: Iterable[Mapping[str, Any]],
                     roles: Iterable[RoleHolder], follow_ups: Iterable[FollowUp],
                     contacts: Iterable[Contact], *, as_of: date,
                     cadence_days: int = DEFAULT_CADENCE,
                     alert_roles: Collection[str] = ALERT_ROLES,
                     only: Collection[str] | None = None) -> dict[str, Any]:
    """Follow-ups and procurement progress as of ``as_of``, dates as ISO text:
    ``{"opportunities", "alerts", "velocity"}``.

    ``opportunities`` (by company, then id) lists the deals of ``only`` (every deal when
    None) with their ``stage_history``, ``follow_ups`` (oldest first) and
    ``key_people``; ``alerts`` (most urgent first) are their overdue decision makers;
    ``velocity`` comes from the stage histories of every deal given, listed or not.
    ``roles``, ``follow_ups`` and ``contacts`` must cover the listed deals' accounts.

    Examples
    --------
    >>> from datetime import date
    >>> deal = Deal("o1", "acme", "CRM", "proposal", created=date(2026, 1, 1))
    >>> cfo = RoleHolder("cfo", "acme", "economic_buyer", "o1", name="Cat")
    >>> call = FollowUp("i1", date(2026, 2, 1), "c1", "cfo", "call", "o1")
    >>> report = follow_up_report([deal], [], [cfo], [call], [], as_of=date(2026, 3, 1),
    ...                           cadence_days=14)
    >>> [(a["person_id"], a["role"], a["days_since"]) for a in report["alerts"]]
    [('cfo', 'economic_buyer', 28)]
    >>> report["opportunities"][0]["stage_history"]
    [{'stage': 'proposal', 'since': '2026-01-01', 'until': None, 'days': 59}]
    """
    if isinstance(cadence_days, bool) or not isinstance(cadence_days, int) \
            or cadence_days < 1:
        raise ValueError(f"cadence_days must be a whole number of days >= 1, "
                         f"got {cadence_days!r}")
    deals = list(deals)
    follow_ups = [f for f in follow_ups if f.date <= as_of]
    by_deal: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for entry in entries:
        if entry.get("kind") in STAGE_KINDS:
            by_deal[entry["record_id"]].append(entry)
    histories = {d.id: stage_history(d, by_deal.get(d.id, ()), as_of=as_of) for d in deals}
    touched = last_touches(follow_ups, contacts, as_of=as_of)

    about: dict[str, list[FollowUp]] = defaultdict(list)
    for f in follow_ups:
        if f.opportunity_id:
            about[f.opportunity_id].append(f)
    on_deal: dict[str, list[RoleHolder]] = defaultdict(list)
    account_wide: dict[str, list[RoleHolder]] = defaultdict(list)
    for r in roles:
        (on_deal[r.opportunity_id] if r.opportunity_id else account_wide[r.company_id]
         ).append(r)

    listed = sorted((d for d in deals if (only is None or d.id in only) and histories[d.id]),
                    key=lambda d: (d.company_id, d.id))
    opportunities, alerts = [], {}
    for deal in listed:
        history = histories[deal.id]
        stage = history[-1]["stage"]
        holders = on_deal.get(deal.id, []) + account_wide.get(deal.company_id, [])
        people = _key_people(holders, touched, as_of)
        opportunities.append({
            "opportunity_id": deal.id, "company_id": deal.company_id,
            "company_name": deal.company_name or deal.company_id, "name": deal.name,
            "stage": stage,
            "stage_history": [{**s, "since": _iso(s["since"]), "until": _iso(s["until"])}
                              for s in history],
            "follow_ups": [
                {"interaction_id": f.id, "date": f.date.isoformat(), "type": f.type,
                 "colleague_id": f.colleague_id,
                 "colleague_name": f.colleague_name or f.colleague_id,
                 "person_id": f.person_id, "person_name": f.person_name or f.person_id,
                 "summary": f.summary}
                for f in sorted(about.get(deal.id, []), key=lambda f: (f.date, f.id))],
            "key_people": people,
        })
        if stage not in PIPELINE:
            continue  # won or lost: nothing left to follow up on this deal
        person = {p["person_id"]: p for p in people}
        for h in holders:
            p = person[h.person_id]
            days = p["days_since"]
            if h.role not in alert_roles or (days is not None and days <= cadence_days):
                continue
            alerts[(h.person_id, h.role, h.opportunity_id, h.company_id)] = {
                "person_id": h.person_id, "name": p["name"], "company_id": h.company_id,
                "role": h.role, "opportunity_id": h.opportunity_id,
                "last_touch": p["last_touch"], "days_since": days}
    ordered = sorted(alerts.values(), key=lambda a: (
        a["days_since"] is not None, -(a["days_since"] or 0), a["company_id"],
        a["person_id"], _ROLE_RANK.get(a["role"], len(_ROLE_RANK)), a["opportunity_id"] or ""))
    return {"opportunities": opportunities, "alerts": ordered,
            "velocity": stage_velocity(histories.values())}
