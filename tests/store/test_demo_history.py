"""The demo loaded as its team would have: two earlier exports, then the bundle."""

from __future__ import annotations

import csv
import filecmp

from graphprofile.services import export_bundle, history, import_bundle, import_demo


def test_the_demo_history_shows_each_scenario(store):
    import_demo(store)
    transvia = history.company_changes(store, "transvia")["changes"]
    revenue = [c for c in transvia if c["kind"] == "revenue_changed"]
    assert [(c["date"], c["before"], c["after"]) for c in revenue] == [
        ("2026-08-31", {"revenue": 480_000_000.0}, {"revenue": 560_000_000.0})]
    hartwell = history.company_changes(store, "hartwell")["changes"]
    assert ("2026-08-31", "department_added", "hartwell-d-data") in {
        (c["date"], c["kind"], c["record_id"]) for c in hartwell}
    meridian = history.company_changes(store, "meridian")["changes"]
    assert {(c["kind"], c["record_id"]) for c in meridian} >= {
        ("person_moved", "cloudnest-p-004"), ("department_renamed", "meridian-d-data")}
    stages = [(c["date"], c["record_id"], c["before"]["stage"], c["after"]["stage"])
              for c in history.company_changes(store, "ferrox")["changes"]
              if c["kind"] == "stage_changed"]
    assert stages == [("2026-08-31", "ferrox-o-1", "qualified", "proposal"),
                      ("2026-11-23", "ferrox-o-1", "proposal", "negotiation")]

    moves = {m["person_id"]: m for m in history.moves(store)["moves"]}
    priya = moves["cloudnest-p-004"]
    assert (priya["from_company_id"], priya["to_company_id"], priya["role_before"],
            priya["source"], priya["moved_on"]) == (
        "meridian", "cloudnest", "champion", "history", "2026-08-31")
    assert priya["relationships"], "our relationships came with her"
    assert moves["transvia-p-005"]["from_company_id"] == "ferrox"

    signals = {(s["company_id"], s["signal"], s["record_id"]): s
               for s in history.signals(store)["signals"]}
    growth = signals[("transvia", "revenue_growth", "transvia")]
    assert growth["growth"] == round(560 / 480 - 1, 4)
    assert ("prod-crm", 80) in {(p["product_id"], p["licences"]) for p in growth["products"]}
    assert ("hartwell", "department_added", "hartwell-d-data") in signals
    assert ("cloudnest", "headcount_growth", "cloudnest") in signals


def test_the_demo_ends_as_the_bundle_alone(store, tmp_path):
    # The earlier exports leave nothing behind: the records are exactly the bundle's, but
    # for the profile fields the interview answers filled in afterwards.
    import_demo(store)
    export_bundle(store, tmp_path / "with-history")
    store.clear()
    from graphprofile import resources

    import_bundle(store, resources.demo_bundle())
    export_bundle(store, tmp_path / "alone")
    names = sorted(p.name for p in (tmp_path / "alone").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "with-history").iterdir())
    others = [n for n in names if n != "people.csv"]
    match, mismatch, errors = filecmp.cmpfiles(tmp_path / "alone", tmp_path / "with-history",
                                               others, shallow=False)
    assert (mismatch, errors) == ([], [])

    def people(folder: str) -> dict[str, dict[str, str]]:
        with (tmp_path / folder / "people.csv").open(encoding="utf-8", newline="") as f:
            return {row["id"]: row for row in csv.DictReader(f)}

    alone, with_history = people("alone"), people("with-history")
    differ = sorted(pid for pid in alone if alone[pid] != with_history[pid])
    assert differ == ["hartwell-am-p-002", "transvia-p-001"]
    for pid in differ:
        assert {k for k in alone[pid] if alone[pid][k] != with_history[pid][k]} == {
            "goals", "pains"}


def test_the_demo_has_answered_interviews_and_confirmations(store):
    from graphprofile.services.cross_checks import sources
    from graphprofile.services.interviews import answers

    import_demo(store)
    given = answers(store, "person", "transvia-p-001")["answers"]
    assert sorted((a["question_id"], a["source"], a["date"], a["by"]) for a in given) == [
        ("dm-goals", "interview", "2026-10-14", "c-tomas"),
        ("dm-pains", "interview", "2026-10-14", "c-tomas")]
    fields = {f["field"]: f for f in sources(store, "person", "transvia-p-001")["fields"]}
    assert fields["goals"]["source"] == "interview" and fields["goals"]["confirmed"]
    assert fields["goals"]["value"].startswith("Win two e-commerce")
    assert fields["title"]["source"] == "import" and fields["title"]["confirmed"]
    assert fields["goals"]["confirmed_by"] == ["customer_success", "interview"]
    assert (fields["title"]["confirmed_by"], fields["pains"]["confirmed_by"]) == (
        ["support"], ["interview"])


def test_a_short_list_of_moves_puts_the_latest_and_best_known_first(store):
    import_demo(store)
    every = history.moves(store)["moves"]
    assert [m["person_id"] for m in history.moves(store, limit=1)["moves"]] == [
        "cloudnest-p-004"]  # seen on the same day as transvia-p-005, known better (4 > 3)
    short = history.moves(store, limit=10)["moves"]
    assert sorted(map(str, short)) == sorted(map(str, every))
