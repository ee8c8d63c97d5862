"""The interview question bank (industry, customer and decision-maker topics) and the
answers recorded against a company or a person.

The bank ships as package data (``graphprofile/interview_questions.json``): each
question has a goal (why we ask) and names the profile field its answer fills. A
sensitive one (KPIs, private matters, confidential figures) is flagged "infer, don't
ask": it is listed apart, as something to infer from what we observe, never among the
questions to put to the customer. Recording an answer checks it as that field of the
Company or Person record (``industry_rank`` a whole number from 1, ``function`` one of
the functions ...), sets the field and keeps the answer as a source record, with its
source (``interview`` unless given) and date (today unless given); see
:mod:`graphprofile.services.cross_checks`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from graphprofile import resources
from graphprofile.errors import InvalidInput, Problem
from graphprofile.models import ProfileSource
from graphprofile.services.cross_checks import (
    TARGETS,
    checked_target,
    company_of,
    invalid,
    parse_date,
    parse_source,
    profile_fields,
    record_rows,
    stored_target,
)
from graphprofile.store import Store
from graphprofile.store import field_sources as repo

__all__ = ["TOPICS", "TOPIC_TARGET", "Question", "answers", "bank", "parse_answer",
           "parse_bank", "questions", "record_answer", "record_answers"]

TOPICS = ("industry", "customer", "decision_maker")
# Whose profile each topic's answers fill.
TOPIC_TARGET = {"industry": "company", "customer": "company", "decision_maker": "person"}
# Fields whose answers may be given as a percentage ("12%" is 0.12).
_FRACTIONS = frozenset({"revenue_growth", "employee_growth"})


class Question(BaseModel):
    """One entry of the bank."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9-]{0,63}$")
    topic: Literal["industry", "customer", "decision_maker"]
    question: str = Field(min_length=1)
    goal: str = Field(min_length=1)
    field: str
    target: Literal["company", "person"]
    sensitive: bool

    def as_dict(self) -> dict[str, Any]:
        return self.model_dump()


def parse_bank(text: str) -> tuple[Question, ...]:
    """The questions of a bank file's text, checked: known topics, each topic's target,
    a real profile field of that target, ids and (target, field) pairs given once.

    Raises ValueError naming the entry and what is wrong.

    >>> one = {"id": "q", "topic": "customer", "target": "company", "field": "culture",
    ...        "sensitive": False, "question": "How?", "goal": "Why."}
    >>> [q.id for q in parse_bank(json.dumps({"questions": [one]}))]
    ['q']
    >>> parse_bank(json.dumps({"questions": [{**one, "field": "mood"}]}))
    Traceback (most recent call last):
    ...
    ValueError: question 'q': 'mood' is not a profile field of a company
    """
    entries = json.loads(text)["questions"]
    found: list[Question] = []
    seen_ids: set[str] = set()
    seen_fields: dict[tuple[str, str], str] = {}
    for n, entry in enumerate(entries, start=1):
        name = repr(entry.get("id")) if isinstance(entry, dict) else f"#{n}"
        try:
            q = Question.model_validate(entry)
        except ValidationError as exc:
            raise ValueError(f"question {name}: {exc.errors()[0]['msg']}") from None
        if q.id in seen_ids:
            raise ValueError(f"question {name}: the id is given twice")
        if TOPIC_TARGET[q.topic] != q.target:
            raise ValueError(f"question {name}: topic {q.topic} is about a "
                             f"{TOPIC_TARGET[q.topic]}, not a {q.target}")
        if q.field not in profile_fields(q.target):
            raise ValueError(f"question {name}: {q.field!r} is not a profile field of a "
                             f"{q.target}")
        if (q.target, q.field) in seen_fields:
            raise ValueError(f"question {name}: {q.field} is filled by "
                             f"{seen_fields[q.target, q.field]!r} already")
        seen_ids.add(q.id)
        seen_fields[q.target, q.field] = q.id
        found.append(q)
    return tuple(found)


@cache
def bank() -> tuple[Question, ...]:
    """The shipped question bank, in its file's order."""
    return parse_bank(resources.interview_bank().read_text(encoding="utf-8"))


def questions(topic: str | None = None, *, target: str | None = None) -> dict[str, Any]:
    """The bank, of one ``topic`` or ``target`` (company, person) when given:
    ``{"questions": [...], "infer": [...]}``, each entry ``{"id", "topic", "question",
    "goal", "field", "target", "sensitive"}``. ``questions`` are those to ask; ``infer``
    the sensitive ones, to infer from observation and never to ask."""
    if topic is not None and topic not in TOPICS:
        raise InvalidInput(f"topic: unknown topic {topic!r} (one of {', '.join(TOPICS)})")
    if target is not None:
        checked_target(target)
    chosen = [q for q in bank()
              if (topic is None or q.topic == topic) and (target is None or q.target == target)]
    return {"questions": [q.as_dict() for q in chosen if not q.sensitive],
            "infer": [q.as_dict() for q in chosen if q.sensitive]}


def question(question_id: str) -> Question:
    """One question of the bank; InvalidInput for an unknown id."""
    for q in bank():
        if q.id == question_id:
            return q
    raise InvalidInput(f"question: no question {question_id!r} in the bank",
                       [Problem("interview", None, "question", f"no question {question_id!r}")])


def parse_answer(q: Question, text: str, stored: Mapping[str, Any]) -> Any:
    """The value of ``q``'s field that answer ``text`` gives, checked by the field's
    type in the Company or Person record (``stored``: the record's stored properties).

    Raises InvalidInput naming the field and the reason.
    """
    text = (text or "").strip()
    if not text:
        raise invalid(q.target, q.field, "the answer is empty")
    given: str = text
    if q.field in _FRACTIONS and text.endswith("%"):
        try:
            given = repr(float(text[:-1].strip()) / 100)
        except ValueError:
            pass  # the model explains what a growth figure must be
    record = TARGETS[q.target].model_construct(**stored)
    try:
        setattr(record, q.field, given)
    except ValidationError as exc:
        reason = exc.errors()[0]["msg"]
        raise invalid(q.target, q.field, f"{reason} (got {text!r})") from None
    return record.to_properties()[q.field]


def record_answers(store: Store, target: str, target_id: str, given: Mapping[str, str], *,
                   source: str | None = None, on: date | str | None = None,
                   by: str | None = None, actor: str | None = None) -> dict[str, Any]:
    """Record answers (question id -> text) about one company or person, all or none.

    Each answer sets its question's field and is kept with ``source`` (default
    ``interview``), ``on`` (default today) and colleague ``by``; the account's stored
    summary is forgotten, and with an ``actor`` each answer is in the audit log (the
    question and field, never the answer itself). Returns ``{"target", "target_id",
    "answers": [...]}`` with the answers recorded, as :func:`answers` lists them.

    Raises NotFound for an unknown company or person, InvalidInput (every problem
    found, nothing written) for an unknown question or one about the other kind of
    target, an answer its field refuses, an unknown source or colleague, or a bad date.
    """
    target = checked_target(target)
    stored = stored_target(store, target, target_id)
    chosen, colleague = parse_source(store, source or ProfileSource.INTERVIEW.value, by)
    day = parse_date(on)
    if not given:
        raise InvalidInput("answer: give at least one answer")
    rows, details, problems = [], [], []
    for question_id, text in given.items():
        try:
            q = question(question_id)
            if q.target != target:
                raise invalid(target, "question", f"{q.id} is about a {q.target}, not a "
                              f"{target}")
            value = parse_answer(q, text, stored)
        except InvalidInput as exc:
            problems.extend(exc.problems or [Problem("interview", None, None, exc.message)])
            continue
        rows.append({"field": q.field, "assign": {q.field: value},
                     "record": {"kind": "answer", "source": chosen.value, "date": day,
                                "by": colleague, "question_id": q.id,
                                "answer": text.strip()}})
        details.append(f"{q.id} answered: {q.field} (source {chosen.value}, "
                       f"{day.isoformat()})")
    if problems:
        raise InvalidInput("; ".join(f"{p.column}: {p.reason}" if p.column else p.reason
                                     for p in problems), problems)
    ids = set(record_rows(store, target, target_id, company_of(target, stored), rows,
                          actor=actor, action="interview answer", details=details))
    listed = answers(store, target, target_id)
    return {**listed, "answers": [a for a in listed["answers"] if a["id"] in ids]}


def record_answer(store: Store, target: str, target_id: str, question_id: str,
                  answer: str, **options: Any) -> dict[str, Any]:
    """Record one answer (see :func:`record_answers`); return it as :func:`answers`
    lists it."""
    done = record_answers(store, target, target_id, {question_id: answer}, **options)
    return done["answers"][0]


def answers(store: Store, target: str, target_id: str) -> dict[str, Any]:
    """The answers recorded about a company or person, oldest first: ``{"target",
    "target_id", "answers": [{"id", "question_id", "question", "topic", "field",
    "answer", "value", "source", "date", "by", "recorded_at", "current"}]}``;
    ``current``: the field still holds the value this answer gave."""
    target = checked_target(target)
    stored_target(store, target, target_id)
    texts = {q.id: q for q in bank()}
    out = []
    for rec in repo.sources_of(store, target, target_id):
        if rec.get("kind") != "answer":
            continue
        q = texts.get(str(rec.get("question_id")))
        out.append({
            "id": rec["id"], "question_id": rec.get("question_id"),
            "question": q.question if q else None, "topic": q.topic if q else None,
            "field": rec["field"], "answer": rec.get("answer"), "value": _plain(rec.get("value")),
            "source": rec["source"], "date": _plain(rec.get("date")), "by": rec.get("by"),
            "recorded_at": rec.get("recorded_at"), "current": rec["current"],
        })
    return {"target": target, "target_id": target_id, "answers": out}


def _plain(value: Any) -> Any:
    """A stored value as JSON gives it: dates as ISO text."""
    if hasattr(value, "to_native"):
        value = value.to_native()
    if isinstance(value, date):
        return value.isoformat()
    return value
