"""Follow-up and procurement progress on hand-built deals, whose answers were computed
by hand (day counts in the comments)."""

from __future__ import annotations

from datetime import date

import pytest

from graphprofile.analytics.followups import (
    PIPELINE,
    Contact,
    Deal,
    FollowUp,
    RoleHolder,
    follow_up_report,
    last_touches,
    stage_history,
    stage_velocity,
)

D = date.fromisoformat
AS_OF = D("2026-11-23")


def added(day: str, stage: str) -> dict:
    return {"date": D(day), "kind": "opportunity_added", "record_id": "o",
            "before": None, "after": {"name": "x", "stage": stage}}


def changed(day: str, before: str, after: str, record_id: str = "o") -> dict:
    return {"date": D(day), "kind": "stage_changed", "record_id": record_id,
            "before": {"stage": before}, "after": {"stage": after}}


def stays(history: list[dict]) -> list[tuple]:
    return [(s["stage"], s["since"] and s["since"].isoformat(),
             s["until"] and s["until"].isoformat(), s["days"]) for s in history]


# -- stage history ---------------------------------------------------------------------

def test_no_entries_the_current_stage_since_created():
    deal = Deal("o", "acme", "CRM", "proposal", created=D("2026-09-01"))
    # 2026-09-01 .. 2026-11-23: 30 + 31 + 22 = 83 days so far.
    assert stays(stage_history(deal, [], as_of=AS_OF)) == [
        ("proposal", "2026-09-01", None, 83)]
    unknown = Deal("o", "acme", "CRM", "proposal")
    assert stays(stage_history(unknown, [], as_of=AS_OF)) == [("proposal", None, None, None)]


def test_no_entries_a_closed_deal_is_won_since_it_closed_and_terminal():
    deal = Deal("o", "acme", "CRM", "won", created=D("2025-01-01"), closed=D("2025-03-01"))
    assert stays(stage_history(deal, [], as_of=AS_OF)) == [("won", "2025-03-01", None, None)]
    no_close = Deal("o", "acme", "CRM", "lost", created=D("2025-01-01"))
    assert stays(stage_history(no_close, [], as_of=AS_OF)) == [
        ("lost", "2025-01-01", None, None)]


def test_added_then_changed_starts_on_created_and_each_change_on_its_date():
    deal = Deal("o", "acme", "CRM", "proposal", created=D("2026-06-01"))
    entries = [added("2026-07-01", "lead"), changed("2026-08-15", "lead", "qualified"),
               changed("2026-10-01", "qualified", "proposal")]
    # lead 06-01..08-15 = 30 + 31 + 14 = 75; qualified 08-15..10-01 = 31 + 16 = 47;
    # proposal since 10-01, 31 + 22 = 53 days so far.
    assert stays(stage_history(deal, entries, as_of=AS_OF)) == [
        ("lead", "2026-06-01", "2026-08-15", 75),
        ("qualified", "2026-08-15", "2026-10-01", 47),
        ("proposal", "2026-10-01", None, 53)]


def test_added_without_created_starts_the_day_it_was_added():
    deal = Deal("o", "acme", "CRM", "qualified")
    entries = [added("2026-07-01", "lead"), changed("2026-07-11", "lead", "qualified")]
    assert stays(stage_history(deal, entries, as_of=AS_OF))[0] == (
        "lead", "2026-07-01", "2026-07-11", 10)


def test_a_first_stage_change_gives_the_stage_before_with_its_start_if_known():
    entries = [changed("2026-08-15", "lead", "qualified")]
    unknown = Deal("o", "acme", "CRM", "qualified")
    assert stays(stage_history(unknown, entries, as_of=AS_OF)) == [
        ("lead", None, "2026-08-15", None),
        ("qualified", "2026-08-15", None, 100)]  # 08-15..11-23: 16 + 30 + 31 + 23
    created = Deal("o", "acme", "CRM", "qualified", created=D("2026-08-01"))
    assert stays(stage_history(created, entries, as_of=AS_OF))[0] == (
        "lead", "2026-08-01", "2026-08-15", 14)
    # A created date after the first change contradicts the history: start unknown.
    late = Deal("o", "acme", "CRM", "qualified", created=D("2026-09-01"))
    assert stays(stage_history(late, entries, as_of=AS_OF))[0] == (
        "lead", None, "2026-08-15", None)


def test_a_won_stage_starts_on_the_close_date_when_it_fits():
    entries = [changed("2026-03-01", "lead", "negotiation"),
               changed("2026-06-01", "negotiation", "won")]
    fits = Deal("o", "acme", "CRM", "won", created=D("2026-01-01"), closed=D("2026-05-20"))
    # negotiation 03-01..05-20 = 31 + 30 + 19 = 80, not to the import on 06-01.
    assert stays(stage_history(fits, entries, as_of=AS_OF))[1:] == [
        ("negotiation", "2026-03-01", "2026-05-20", 80), ("won", "2026-05-20", None, None)]
    # A close before the stage before began, or after the import, is not believed.
    early = Deal("o", "acme", "CRM", "won", created=D("2026-01-01"), closed=D("2026-02-01"))
    late = Deal("o", "acme", "CRM", "won", created=D("2026-01-01"), closed=D("2026-07-01"))
    for deal in (early, late):
        assert stays(stage_history(deal, entries, as_of=AS_OF))[-1] == (
            "won", "2026-06-01", None, None)


def test_the_history_is_as_of_the_day_asked():
    deal = Deal("o", "acme", "CRM", "won", created=D("2026-01-01"), closed=D("2026-05-20"))
    entries = [changed("2026-03-01", "lead", "negotiation"),
               changed("2026-06-01", "negotiation", "won")]
    # On 2026-04-01 the deal was in negotiation for 31 days; the later change is unseen.
    assert stays(stage_history(deal, entries, as_of=D("2026-04-01"))) == [
        ("lead", "2026-01-01", "2026-03-01", 59), ("negotiation", "2026-03-01", None, 31)]
    # Before it was created, the deal did not exist.
    assert stage_history(deal, entries, as_of=D("2025-12-31")) == []
    never_dated = Deal("o", "acme", "CRM", "lead")
    assert stage_history(never_dated, [added("2026-07-01", "lead")],
                         as_of=D("2026-06-30")) == []


def test_other_kinds_and_repeated_stages_are_ignored_and_reopening_is_kept():
    deal = Deal("o", "acme", "CRM", "negotiation", created=D("2026-01-01"))
    entries = [changed("2026-02-01", "lead", "won"),
               {"date": D("2026-02-15"), "kind": "title_changed", "record_id": "o",
                "before": {"title": "a"}, "after": {"title": "b"}},
               changed("2026-02-20", "won", "won"),
               changed("2026-03-01", "won", "negotiation")]
    assert stays(stage_history(deal, entries, as_of=D("2026-03-11"))) == [
        ("lead", "2026-01-01", "2026-02-01", 31), ("won", "2026-02-01", "2026-03-01", 28),
        ("negotiation", "2026-03-01", None, 10)]


# -- velocity ---------------------------------------------------------------------------

def test_velocity_is_the_median_of_finished_stays_per_deal():
    start = D("2026-01-01")
    a = stage_history(Deal("a", "x", "A", "proposal", created=start),
                      [changed("2026-01-11", "lead", "qualified"),
                       changed("2026-02-10", "qualified", "proposal")], as_of=D("2026-03-01"))
    b = stage_history(Deal("b", "x", "B", "won", created=start),
                      [changed("2026-01-21", "lead", "qualified"),
                       changed("2026-02-01", "qualified", "proposal"),
                       changed("2026-02-05", "proposal", "negotiation"),
                       changed("2026-02-20", "negotiation", "proposal"),
                       changed("2026-02-23", "proposal", "won")], as_of=D("2026-03-01"))
    c = stage_history(Deal("c", "x", "C", "lost", created=start, closed=D("2026-02-08")),
                      [changed("2026-02-10", "lead", "lost")], as_of=D("2026-03-01"))
    # Started before anyone knew: its lead stay has no start and does not count.
    d = stage_history(Deal("d", "x", "D", "qualified"),
                      [changed("2026-01-15", "lead", "qualified")], as_of=D("2026-03-01"))
    # lead: a 10, b 20, c 38 (to its close) -> 20. qualified: a 30, b 11 -> 20.5.
    # proposal: a is still in it; b 4 + 3 (it came back) = 7. negotiation: b 15.
    assert stage_velocity([a, b, c, d]) == [
        {"stage": "lead", "median_days": 20.0, "opportunities": 3},
        {"stage": "qualified", "median_days": 20.5, "opportunities": 2},
        {"stage": "proposal", "median_days": 7.0, "opportunities": 1},
        {"stage": "negotiation", "median_days": 15.0, "opportunities": 1}]


def test_velocity_without_finished_stays_lists_every_open_stage_empty():
    assert stage_velocity([]) == [{"stage": s, "median_days": None, "opportunities": 0}
                                  for s in PIPELINE]
    assert PIPELINE == ("lead", "qualified", "proposal", "negotiation")


# -- last touch -------------------------------------------------------------------------

def test_the_last_touch_is_the_latest_interaction_or_contact_up_to_the_day():
    calls = [FollowUp("i1", D("2026-10-01"), "c2", "p1", "call"),
             FollowUp("i2", D("2026-10-01"), "c1", "p1", "email"),
             FollowUp("i3", D("2026-12-01"), "c1", "p2", "meeting")]  # after the day
    known = [Contact("c3", "p1", D("2026-10-01")),  # a tie: the interaction wins
             Contact("c3", "p2", D("2026-09-01")), Contact("c3", "p3", D("2026-11-24"))]
    assert last_touches(calls, known, as_of=AS_OF) == {
        "p1": {"last_touch": D("2026-10-01"), "source": "interaction", "touched_by": "c1"},
        "p2": {"last_touch": D("2026-09-01"), "source": "relationship", "touched_by": "c3"},
    }


# -- the report -------------------------------------------------------------------------

DEALS = [
    Deal("o1", "acme", "Analytics", "proposal", created=D("2026-06-01"), company_name="Acme"),
    Deal("o2", "acme", "Security", "won", created=D("2025-01-01"), closed=D("2025-03-01"),
         company_name="Acme"),
    Deal("b1", "beta", "ERP", "negotiation", created=D("2026-09-01"), company_name="Beta"),
]
ENTRIES = [added("2026-07-01", "lead") | {"record_id": "o1"},
           changed("2026-08-15", "lead", "qualified", "o1"),
           changed("2026-10-01", "qualified", "proposal", "o1")]
ROLES = [
    RoleHolder("dm", "acme", "decision_maker", "o1", name="Dana"),
    RoleHolder("eb", "acme", "economic_buyer", "o1", name="Eli"),
    RoleHolder("champ", "acme", "champion", "o1", name="Cham"),
    RoleHolder("ceo", "acme", "decision_maker", None, name="Cleo"),  # account-wide
    RoleHolder("dm2", "acme", "decision_maker", "o2", name="Dora"),  # a won deal
    RoleHolder("bdm", "beta", "decision_maker", "b1", name="Bo"),
    RoleHolder("bdm", "beta", "influencer", "b1", name="Bo"),
]
FOLLOW_UPS = [
    FollowUp("i2", D("2026-10-23"), "c1", "dm", "meeting", "o1", "pricing",
             colleague_name="Ann", person_name="Dana"),
    FollowUp("i1", D("2026-09-10"), "c2", "champ", "demo", "o1", colleague_name="Bert"),
    FollowUp("i3", D("2026-10-23"), "c1", "champ", "call", None),  # about no deal
    FollowUp("i9", D("2026-11-30"), "c1", "ceo", "call", "o1"),  # after the day
]
CONTACTS = [Contact("c1", "eb", D("2026-10-24")), Contact("c2", "bdm", D("2026-10-09"))]


def report(**options):
    return follow_up_report(DEALS, ENTRIES, ROLES, FOLLOW_UPS, CONTACTS, as_of=AS_OF,
                            **options)


def test_alerts_name_the_deciders_of_open_deals_not_touched_within_the_cadence():
    # ceo: never touched (the call on 11-30 is after the day); bdm: last contact 10-09,
    # 22 + 23 = 45 days; dm: 10-23, 31 days > 30; eb: 10-24, 30 days, within the
    # cadence; dm2 decides a won deal; champ holds no deciding role.
    assert [(a["person_id"], a["role"], a["opportunity_id"], a["days_since"])
            for a in report()["alerts"]] == [
        ("ceo", "decision_maker", None, None),
        ("bdm", "decision_maker", "b1", 45),
        ("dm", "decision_maker", "o1", 31)]
    first = report()["alerts"][0]
    assert first == {"person_id": "ceo", "name": "Cleo", "company_id": "acme",
                     "role": "decision_maker", "opportunity_id": None, "last_touch": None,
                     "days_since": None}
    # A longer cadence leaves only the never touched; a shorter one adds eb.
    assert [a["person_id"] for a in report(cadence_days=45)["alerts"]] == ["ceo"]
    assert [a["person_id"] for a in report(cadence_days=29)["alerts"]] == [
        "ceo", "bdm", "dm", "eb"]


def test_each_opportunity_has_its_stages_follow_ups_and_key_people():
    found = {o["opportunity_id"]: o for o in report()["opportunities"]}
    assert list(found) == ["o1", "o2", "b1"]  # by company, then id
    o1 = found["o1"]
    assert (o1["company_id"], o1["company_name"], o1["name"], o1["stage"]) == (
        "acme", "Acme", "Analytics", "proposal")
    assert o1["stage_history"] == [
        {"stage": "lead", "since": "2026-06-01", "until": "2026-08-15", "days": 75},
        {"stage": "qualified", "since": "2026-08-15", "until": "2026-10-01", "days": 47},
        {"stage": "proposal", "since": "2026-10-01", "until": None, "days": 53}]
    assert o1["follow_ups"] == [
        {"interaction_id": "i1", "date": "2026-09-10", "type": "demo", "colleague_id": "c2",
         "colleague_name": "Bert", "person_id": "champ", "person_name": "champ",
         "summary": None},
        {"interaction_id": "i2", "date": "2026-10-23", "type": "meeting", "colleague_id": "c1",
         "colleague_name": "Ann", "person_id": "dm", "person_name": "Dana",
         "summary": "pricing"}]
    people = {p["person_id"]: p for p in o1["key_people"]}
    assert [p["person_id"] for p in o1["key_people"]] == ["ceo", "dm", "eb", "champ"]
    assert people["champ"] == {"person_id": "champ", "name": "Cham", "roles": ["champion"],
                               "last_touch": "2026-10-23", "days_since": 31,
                               "source": "interaction", "touched_by": "c1"}
    assert (people["eb"]["source"], people["eb"]["days_since"]) == ("relationship", 30)
    assert people["ceo"]["last_touch"] is None and people["ceo"]["days_since"] is None
    assert found["b1"]["key_people"][0]["roles"] == ["decision_maker", "influencer"]
    assert found["o2"]["stage_history"] == [
        {"stage": "won", "since": "2025-03-01", "until": None, "days": None}]
    assert found["o2"]["follow_ups"] == []


def test_only_lists_the_deals_asked_while_velocity_spans_every_deal():
    one = report(only={"b1"})
    assert [o["opportunity_id"] for o in one["opportunities"]] == ["b1"]
    assert [a["person_id"] for a in one["alerts"]] == ["bdm"]
    # lead 75 and qualified 47 days come from o1, which is not listed.
    assert one["velocity"] == report()["velocity"] == [
        {"stage": "lead", "median_days": 75.0, "opportunities": 1},
        {"stage": "qualified", "median_days": 47.0, "opportunities": 1},
        {"stage": "proposal", "median_days": None, "opportunities": 0},
        {"stage": "negotiation", "median_days": None, "opportunities": 0}]


def test_earlier_the_deal_was_in_another_stage_and_others_did_not_exist():
    early = follow_up_report(DEALS, ENTRIES, ROLES, FOLLOW_UPS, CONTACTS,
                             as_of=D("2026-08-20"))
    # b1 was created on 09-01; o1 had been qualified for 5 days.
    assert [(o["opportunity_id"], o["stage"]) for o in early["opportunities"]] == [
        ("o1", "qualified"), ("o2", "won")]
    assert early["opportunities"][0]["stage_history"][-1] == {
        "stage": "qualified", "since": "2026-08-15", "until": None, "days": 5}
    assert early["opportunities"][0]["follow_ups"] == []
    # Nobody had been touched yet: every decider of o1 is overdue, by company and id.
    assert [(a["person_id"], a["days_since"]) for a in early["alerts"]] == [
        ("ceo", None), ("dm", None), ("eb", None)]
    assert [v["opportunities"] for v in early["velocity"]] == [1, 0, 0, 0]


def test_the_cadence_must_be_a_positive_whole_number():
    for bad in (0, -3, 1.5, True):
        with pytest.raises(ValueError, match="cadence_days"):
            report(cadence_days=bad)
