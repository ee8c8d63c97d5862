"""Interview answers and confirmations on the real Neo4j: an answer fills its field and
keeps its source and date, a confirmation counts in the audit, a bad answer writes
nothing, and a person's answers are erased with the person. Through the CLI as well."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from graphprofile import summaries
from graphprofile.cli import main
from graphprofile.errors import InvalidInput, NotFound
from graphprofile.services import audit, cross_checks, import_bundle, interviews
from graphprofile.services.audit_log import audit_log
from graphprofile.store.records import account_snapshot

AS_OF = date(2026, 11, 23)
CIO = "mediva-p-003"  # Mediva's CIO: KPIs, no goals; Mediva has no cross-records


@pytest.fixture
def run(store, demo_bundle, cli_env):
    import_bundle(store, demo_bundle)
    env = {**cli_env, "GRAPHPROFILE_ACTOR": "ines@example.test"}

    def invoke(*args: str, code: int = 0):
        result = CliRunner().invoke(main, [*args, "--json"], env=env)
        assert result.exit_code == code, result.output
        return json.loads(result.output)

    return invoke


def _company(store, company_id):
    return account_snapshot(store, company_id).company


def test_an_answer_fills_the_field_and_keeps_its_source_and_date(demo):
    assert _company(demo, "cloudnest").industry_rank is None
    answer = interviews.record_answer(demo, "company", "cloudnest", "ind-rank", " 3 ",
                                      on="2026-11-02", by="c-david", actor="ines")
    assert {k: answer[k] for k in ("question_id", "field", "answer", "value", "source",
                                   "date", "by", "current")} == {
        "question_id": "ind-rank", "field": "industry_rank", "answer": "3", "value": 3,
        "source": "interview", "date": "2026-11-02", "by": "c-david", "current": True}
    assert _company(demo, "cloudnest").industry_rank == 3
    fields = {f["field"]: f for f in cross_checks.sources(demo, "company", "cloudnest")["fields"]}
    assert fields["industry_rank"] == {
        "field": "industry_rank", "value": 3, "source": "interview", "date": "2026-11-02",
        "confirmed": True, "confirmed_by": ["interview"], "by": "c-david"}
    assert fields["culture"] == {"field": "culture", "value": "engineering-led",
                                 "source": "import", "date": None, "confirmed": False,
                                 "confirmed_by": [], "by": None}
    assert "parent_id" not in fields and "id" not in fields  # only fields with a value
    # Industry, rank and growth are all there now: the audit's first question is met.
    assert audit(demo, "cloudnest", as_of=AS_OF)["answers"]["industry"] is True
    entry = audit_log(demo, target_id="cloudnest")[0]
    assert (entry["actor"], entry["action"], entry["target_kind"]) == (
        "ines", "interview answer", "company")
    assert "3" not in entry["detail"].replace("2026-11-02", "")  # no answer in the log


def test_a_bad_answer_names_the_field_and_writes_nothing(demo):
    for text, reason in (("0", "greater than or equal to 1"), ("third", "valid integer"),
                         ("   ", "empty")):
        with pytest.raises(InvalidInput) as raised:
            interviews.record_answer(demo, "company", "cloudnest", "ind-rank", text)
        assert raised.value.message.startswith("industry_rank: ")
        assert reason in raised.value.message
        assert [p.column for p in raised.value.problems] == ["industry_rank"]
    # One bad answer among good ones: none is written.
    with pytest.raises(InvalidInput) as raised:
        interviews.record_answers(demo, "company", "cloudnest",
                                  {"cus-culture": "flat", "ind-growth": "fast"})
    assert [p.column for p in raised.value.problems] == ["revenue_growth"]
    assert _company(demo, "cloudnest").culture == "engineering-led"
    assert interviews.answers(demo, "company", "cloudnest")["answers"] == []
    with pytest.raises(InvalidInput, match="dm-goals is about a person, not a company"):
        interviews.record_answer(demo, "company", "cloudnest", "dm-goals", "grow")
    with pytest.raises(InvalidInput, match="no question 'nope'"):
        interviews.record_answer(demo, "company", "cloudnest", "nope", "x")
    with pytest.raises(NotFound):
        interviews.record_answer(demo, "person", "nobody", "dm-goals", "grow")


def test_answers_with_units_and_enums_are_stored_as_the_field_takes_them(demo):
    done = interviews.record_answers(demo, "company", "cloudnest",
                                     {"ind-growth": "12%", "cus-size": "280"},
                                     source="Pre-Sales")
    assert sorted((a["field"], a["value"], a["source"]) for a in done["answers"]) == [
        ("employees", 280, "presales"), ("revenue_growth", 0.12, "presales")]
    interviews.record_answer(demo, "person", CIO, "dm-function", "Information Technology")
    person = next(p for p in account_snapshot(demo, "mediva").people if p.id == CIO)
    assert (person.function.value, person.last_verified) == ("it", date(2026, 2, 5))


def test_a_confirmation_counts_in_the_audit_and_is_kept_per_field(demo):
    before = audit(demo, "mediva", as_of=AS_OF)
    assert (before["answers"]["cross_records"], before["confirmations"]) == (False, 0)
    summaries.up_to_date(demo, as_of=AS_OF)
    stored = summaries.summary_page(demo, as_of=AS_OF, search="mediva")["rows"][0]
    assert stored["audit_score"] == before["score"]

    field = cross_checks.confirm(demo, "person", CIO, "kpis", by="c-david", on="2026-11-20",
                                 actor="ines")
    assert field == {"field": "kpis", "value": "system uptime;ticket backlog",
                     "source": "import", "date": None, "confirmed": True,
                     "confirmed_by": ["presales"], "by": None}
    after = audit(demo, "mediva", as_of=AS_OF)
    assert (after["answers"]["cross_records"], after["confirmations"]) == (True, 1)
    assert after["score"] == before["score"] + 1
    # Dated after the as-of day, it does not count yet.
    assert audit(demo, "mediva", as_of=date(2026, 11, 19))["confirmations"] == 0
    # The stored summary was forgotten, so the portfolio shows the new score.
    summaries.up_to_date(demo, as_of=AS_OF)
    stored = summaries.summary_page(demo, as_of=AS_OF, search="mediva")["rows"][0]
    assert stored["audit_score"] == after["score"]
    # A sales confirmation is a record, not a confirmation.
    cross_checks.confirm(demo, "company", "mediva", "culture", source="sales", on="2026-11-20")
    assert audit(demo, "mediva", as_of=AS_OF)["confirmations"] == 1
    culture = next(f for f in cross_checks.sources(demo, "company", "mediva")["fields"]
                   if f["field"] == "culture")
    assert (culture["confirmed"], culture["confirmed_by"]) == (False, [])


def test_a_changed_value_is_no_longer_confirmed(demo, demo_bundle, tmp_path):
    cross_checks.confirm(demo, "company", "mediva", "culture", source="support",
                         on="2026-11-20")
    assert audit(demo, "mediva", as_of=AS_OF)["confirmations"] == 1
    # A newer import changes the value: it came from the import, unconfirmed.
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    rows = (demo_bundle / "companies.csv").read_text(encoding="utf-8").splitlines()
    changed = [r.replace("consensus-oriented", "top-down") if r.startswith("mediva,") else r
               for r in rows]
    (bundle / "companies.csv").write_text("\n".join(changed) + "\n", encoding="utf-8")
    import_bundle(demo, bundle)
    culture = next(f for f in cross_checks.sources(demo, "company", "mediva")["fields"]
                   if f["field"] == "culture")
    assert (culture["value"], culture["source"], culture["confirmed"]) == (
        "top-down", "import", False)
    assert audit(demo, "mediva", as_of=AS_OF)["confirmations"] == 0


def test_confirmations_refuse_what_cannot_be_a_source(demo):
    cases = [
        (dict(field="goals", source="presales"), "goals: goals holds no value to confirm"),
        (dict(field="mood", source="presales"), "field: 'mood' is not a profile field"),
        (dict(field="kpis", by="c-jonas"), "source: colleague 'c-jonas' works in engineering"),
        (dict(field="kpis"), "source: give the source"),
        (dict(field="kpis", source="import"), "source: import is the source of values"),
        (dict(field="kpis", source="gossip"), "source: unknown source 'gossip'"),
        (dict(field="kpis", by="c-nobody"), "by: no colleague with id 'c-nobody'"),
        (dict(field="kpis", source="support", on="yesterday"), "date: expected YYYY-MM-DD"),
    ]
    for options, message in cases:
        with pytest.raises(InvalidInput) as raised:
            cross_checks.confirm(demo, "person", CIO, **options)
        assert raised.value.message.startswith(message), raised.value.message
    assert audit(demo, "mediva", as_of=AS_OF)["confirmations"] == 0


def test_a_persons_answers_and_confirmations_are_erased_with_the_person(run, store):
    run("interview", "answer", "--person", CIO, "--question", "dm-goals",
        "--answer", "a service desk by spring", "--date", "2026-11-01")
    run("confirm", "--person", CIO, "--field", "kpis", "--by", "c-grace")
    run("confirm", "--company", "mediva", "--field", "culture", "--source", "presales")
    assert audit(store, "mediva", as_of=date.today())["confirmations"] == 3
    run("person", "erase", CIO, "--yes")
    assert run("interview", "answers", "--person", CIO)["answers"] == []
    assert all(not f["confirmed"] for f in run("sources", "--person", CIO)["fields"])
    left = store.read_tx(lambda tx: [r.data() for r in tx.run(
        "MATCH (s:FieldSource) RETURN s.target_id AS id, s.answer AS answer")])
    assert left == [{"id": "mediva", "answer": None}]  # the company's own confirmation
    assert audit(store, "mediva", as_of=date.today())["confirmations"] == 1


def test_the_cli_records_lists_and_explains(run):
    bank = run("interview", "questions", "--topic", "decision_maker")
    assert {q["topic"] for q in bank["questions"] + bank["infer"]} == {"decision_maker"}
    answered = run("interview", "answer", "--company", "cloudnest", "--question",
                   "cus-problems", "--answer", "billing data in two places",
                   "--source", "customer_success", "--date", "2026-11-10")
    assert (answered["field"], answered["source"], answered["date"]) == (
        "problems", "customer_success", "2026-11-10")
    listed = run("interview", "answers", "--company", "cloudnest")
    assert [a["id"] for a in listed["answers"]] == [answered["id"]]
    assert listed["answers"][0]["question"].startswith("What is the main problem")
    sources = run("sources", "--company", "cloudnest")
    problems = next(f for f in sources["fields"] if f["field"] == "problems")
    assert problems == {"field": "problems", "value": "billing data in two places",
                        "source": "customer_success", "date": "2026-11-10",
                        "confirmed": True, "confirmed_by": ["customer_success"], "by": None}
    confirmed = run("confirm", "--company", "cloudnest", "--field", "problems",
                    "--by", "c-lena", "--date", "2026-11-12")
    assert confirmed["confirmed_by"] == ["presales", "customer_success"]
    assert run("audit", "cloudnest", "--as-of", "2026-11-23")["confirmations"] == 2
    bad = run("interview", "answer", "--company", "cloudnest", "--question", "ind-rank",
              "--answer", "top", code=1)
    assert bad["error"].startswith("industry_rank: Input should be a valid integer")
    assert run("sources", "--person", "nobody", code=1)["error"] == "no person with id 'nobody'"
    assert run("interview", "questions", "--topic", "weather", code=1)["error"].startswith(
        "topic: unknown topic 'weather'")
    both = CliRunner().invoke(main, ["sources", "--company", "a", "--person", "b"])
    assert both.exit_code == 2 and "either --company ID or --person ID" in both.output
