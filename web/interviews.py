"""Interviews and cross-checked data: the interview screen of a company or a person (the
questions to ask with a text box each, the answers recorded with source and date, and
apart the sensitive topics to infer, never to ask), the confirm control of the field
sources on the account and person pages, and the JSON API mirroring
``graphprofile interview``, ``confirm`` and ``sources --json``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, jsonify, redirect, render_template, request

from graphprofile import services
from graphprofile.errors import InvalidInput
from graphprofile.services import cross_checks, interviews
from web import as_of, get_store, link, pages, personal

bp = Blueprint("interviews", __name__)
api = Blueprint("interviews_api", __name__, url_prefix="/api")

_PAGE = {"company": ("accounts.show", "company_id"), "person": ("people.show", "person_id")}
_SCREEN = {"company": ("interviews.company", "company_id"),
           "person": ("interviews.person", "person_id")}


def page_sources(target: str, target_id: str) -> dict[str, Any]:
    """What the account and person pages show of each field's source (see
    ``interviews/_sources.html``)."""
    return {**personal.sources_shown(cross_checks.sources(get_store(), target, target_id)),
            "choices": [s for s in cross_checks.RECORDED_SOURCES if s != "sales"] + ["sales"]}


def _screen(target: str, target_id: str, entered: dict[str, str] | None = None,
            errors: dict[str, str] | None = None, status: int = 200) -> Any:
    store = get_store()
    stored = cross_checks.stored_target(store, target, target_id)
    company_id = cross_checks.company_of(target, stored)
    company = services.company_names(store, [company_id]).get(company_id, company_id)
    sources = page_sources(target, target_id)
    fields = {f["field"]: f for f in sources["fields"]}
    bank = interviews.questions(target=target)
    recorded = personal.answers_shown(interviews.answers(store, target, target_id))["answers"]
    return render_template(
        "interviews/index.html", target=target, target_id=target_id,
        name=stored.get("name") or target_id, company={"id": company_id, "name": company},
        page=link(_PAGE[target][0], **{_PAGE[target][1]: target_id}),
        action=link(_SCREEN[target][0], **{_SCREEN[target][1]: target_id}),
        questions=bank["questions"], infer=bank["infer"], fields=fields,
        answers=list(reversed(recorded)), colleagues=pages.colleagues(store),
        sources=sources, source_choices=cross_checks.RECORDED_SOURCES, back="interview",
        entered=entered or {"date": as_of().isoformat()}, errors=errors or {},
        saved=request.args.get("saved")), status


def _record(target: str, target_id: str) -> Any:
    given = {key.removeprefix("answer-"): value for key, value in request.form.items()
             if key.startswith("answer-") and value.strip()}
    options = {k: request.form.get(k, "").strip() or None for k in ("source", "date", "by")}
    try:
        if not given:
            raise InvalidInput("answer: type at least one answer")
        done = interviews.record_answers(get_store(), target, target_id, given,
                                         source=options["source"], on=options["date"],
                                         by=options["by"], actor=g.user["username"])
    except InvalidInput as exc:
        return _screen(target, target_id, dict(request.form), _errors(target, exc), 400)
    screen = _SCREEN[target]
    return redirect(link(screen[0], **{screen[1]: target_id}, saved=len(done["answers"]))
                    + "#answers", code=303)


def _errors(target: str, exc: InvalidInput) -> dict[str, str]:
    """The first reason per question box (by the field it fills) or per option; the
    rest under ``_form``."""
    by_field = {q["field"]: q["id"] for q in interviews.questions(target=target)["questions"]
                + interviews.questions(target=target)["infer"]}
    errors: dict[str, str] = {}
    for problem in exc.problems or []:
        column = getattr(problem, "column", None)
        key = (f"answer-{by_field[column]}" if column in by_field
               else column if column in ("source", "date", "by") else "_form")
        errors.setdefault(key, getattr(problem, "reason", str(problem)))
    if not errors:
        errors["_form"] = exc.message
    return errors


@bp.get("/accounts/<company_id>/interview")
def company(company_id: str) -> Any:
    return _screen("company", company_id)


@bp.post("/accounts/<company_id>/interview")
def record_company(company_id: str) -> Any:
    return _record("company", company_id)


@bp.get("/people/<person_id>/interview")
def person(person_id: str) -> Any:
    return _screen("person", person_id)


@bp.post("/people/<person_id>/interview")
def record_person(person_id: str) -> Any:
    return _record("person", person_id)


def _confirm(target: str, target_id: str) -> Any:
    cross_checks.confirm(get_store(), target, target_id, request.form.get("field", ""),
                         source=request.form.get("source") or None,
                         by=request.form.get("by") or None,
                         on=request.form.get("date") or as_of(), actor=g.user["username"])
    back = _SCREEN[target] if request.form.get("back") == "interview" else _PAGE[target]
    return redirect(link(back[0], **{back[1]: target_id}) + "#sources", code=303)


@bp.post("/accounts/<company_id>/confirm")
def confirm_company(company_id: str) -> Any:
    return _confirm("company", company_id)


@bp.post("/people/<person_id>/confirm")
def confirm_person(person_id: str) -> Any:
    return _confirm("person", person_id)


# -- JSON API ---------------------------------------------------------------------------


def _target_of(values: dict[str, Any]) -> tuple[str, str]:
    company_id, person_id = values.get("company"), values.get("person")
    if bool(company_id) == bool(person_id) or not isinstance(company_id or person_id, str):
        raise InvalidInput("give either company or person (an id)")
    return ("company", company_id) if company_id else ("person", person_id)  # type: ignore[return-value]


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidInput("send a JSON object")
    for key, value in body.items():
        if value is not None and not isinstance(value, str):
            raise InvalidInput(f"{key}: text expected")
    return body


@api.get("/interview/questions")
def questions_json() -> Any:
    return jsonify(interviews.questions(request.args.get("topic") or None))


@api.get("/interview/answers")
def answers_json() -> Any:
    target, target_id = _target_of(request.args.to_dict())
    return jsonify(personal.answers_shown(interviews.answers(get_store(), target, target_id)))


@api.post("/interview/answers")
def record_answer_json() -> Any:
    """``{"company" | "person", "question", "answer", "source", "date", "by"}``: the
    answer recorded, as ``graphprofile interview answer --json`` gives it."""
    body = _body()
    target, target_id = _target_of(body)
    if not body.get("question") or body.get("answer") is None:
        raise InvalidInput("give the question (its id) and the answer")
    return jsonify(interviews.record_answer(
        get_store(), target, target_id, body["question"], body["answer"],
        source=body.get("source"), on=body.get("date"), by=body.get("by"),
        actor=g.user["username"]))


@api.post("/confirmations")
def confirm_json() -> Any:
    """``{"company" | "person", "field", "source", "by", "date"}``: the field as
    ``graphprofile confirm --json`` gives it."""
    body = _body()
    target, target_id = _target_of(body)
    return jsonify(cross_checks.confirm(
        get_store(), target, target_id, body.get("field") or "", source=body.get("source"),
        by=body.get("by"), on=body.get("date"), actor=g.user["username"]))


@api.get("/sources")
def sources_json() -> Any:
    target, target_id = _target_of(request.args.to_dict())
    return jsonify(personal.sources_shown(cross_checks.sources(get_store(), target, target_id)))
