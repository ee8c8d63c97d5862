"""The interview question bank: shipped as package data, three topics, every field real,
sensitive topics never among the questions to ask; answers checked as their field."""

from __future__ import annotations

import json
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest

from graphprofile import resources
from graphprofile.errors import InvalidInput
from graphprofile.models import Company, Person
from graphprofile.services import interviews
from graphprofile.services.interviews import parse_answer, parse_bank, question, questions

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"id", "topic", "question", "goal", "field", "target", "sensitive"}
# What DOMAIN.md and the articles call sensitive: never asked directly.
PRIVATE = {"kpis", "personality", "hobbies", "age_band", "situation", "years_experience",
           "preferred_channel"}
COMPANY = {"id": "acme", "name": "Acme", "industry": "retail"}
PERSON = {"id": "p", "company_id": "acme", "name": "P"}


def test_the_bank_ships_as_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data = config["tool"]["setuptools"]["package-data"]["graphprofile"]
    assert any(fnmatch("interview_questions.json", pattern) for pattern in data)
    assert resources.interview_bank().is_file()
    assert len(interviews.bank()) == len(json.loads(
        (ROOT / "graphprofile" / "interview_questions.json").read_text())["questions"])


def test_three_topics_each_with_questions_to_ask():
    every = questions()
    assert {q["topic"] for q in every["questions"]} == {"industry", "customer",
                                                        "decision_maker"}
    for entry in every["questions"] + every["infer"]:
        assert set(entry) == KEYS
        assert entry["question"] and entry["goal"]
        model = Company if entry["target"] == "company" else Person
        assert entry["field"] in model.model_fields
    for topic in ("industry", "customer", "decision_maker"):
        one = questions(topic)
        assert one["questions"] and all(q["topic"] == topic
                                        for q in one["questions"] + one["infer"])


def test_sensitive_topics_are_to_infer_never_to_ask():
    every = questions()
    asked = {q["field"] for q in every["questions"]}
    inferred = {q["field"] for q in every["infer"]}
    assert PRIVATE <= inferred and not PRIVATE & asked
    assert all(q["sensitive"] for q in every["infer"])
    assert not any(q["sensitive"] for q in every["questions"])
    person = questions(target="person")
    assert {q["target"] for q in person["questions"] + person["infer"]} == {"person"}


def test_an_unknown_topic_is_refused():
    with pytest.raises(InvalidInput, match="topic: unknown topic 'weather'"):
        questions("weather")


ENTRY = {"id": "q", "topic": "customer", "target": "company", "field": "culture",
         "sensitive": False, "question": "How?", "goal": "Why."}


@pytest.mark.parametrize(("entries", "message"), [
    ([{**ENTRY, "topic": "weather"}], "question 'q': Input should be"),
    ([{**ENTRY, "target": "person", "field": "pains"}], "topic customer is about a company"),
    ([{**ENTRY, "field": "mood"}], "'mood' is not a profile field of a company"),
    ([{**ENTRY, "field": "id"}], "'id' is not a profile field"),
    ([ENTRY, ENTRY], "the id is given twice"),
    ([ENTRY, {**ENTRY, "id": "r"}], "culture is filled by 'q' already"),
    ([{**ENTRY, "hint": "x"}], "Extra inputs are not permitted"),
])
def test_a_broken_bank_says_which_entry_and_why(entries, message):
    with pytest.raises(ValueError, match=message):
        parse_bank(json.dumps({"questions": entries}))


def test_answers_become_the_fields_values():
    assert parse_answer(question("ind-rank"), " 4 ", COMPANY) == 4
    assert parse_answer(question("ind-growth"), "12%", COMPANY) == 0.12
    assert parse_answer(question("ind-growth"), "-0.05", COMPANY) == -0.05
    assert parse_answer(question("cus-size"), "4200", COMPANY) == 4200
    assert parse_answer(question("dm-function"), "Information Technology", PERSON) == "it"
    assert parse_answer(question("dm-pains"), "  month-end close  ", PERSON) == \
        "month-end close"


@pytest.mark.parametrize(("qid", "text", "stored", "reason"), [
    ("ind-rank", "0", COMPANY, "industry_rank: Input should be greater than or equal to 1"),
    ("ind-rank", "first", COMPANY, "industry_rank: Input should be a valid integer"),
    ("ind-growth", "huge%", COMPANY, "revenue_growth: Input should be a valid number"),
    ("ind-growth", "20000%", COMPANY, "revenue_growth: Input should be less than or equal"),
    ("cus-size", "about 4200", COMPANY, "employees: Input should be a valid integer"),
    ("dm-function", "wizardry", PERSON, "function: Input should be 'executive'"),
    ("dm-goals", "   ", PERSON, "goals: the answer is empty"),
])
def test_a_bad_answer_names_the_field_and_the_reason(qid, text, stored, reason):
    with pytest.raises(InvalidInput) as raised:
        parse_answer(question(qid), text, stored)
    assert raised.value.message.startswith(reason)
    assert [p.column for p in raised.value.problems] == [question(qid).field]


def test_an_unknown_question_is_refused():
    with pytest.raises(InvalidInput, match="no question 'nope' in the bank"):
        question("nope")
