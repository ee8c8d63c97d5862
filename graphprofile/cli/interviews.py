"""The interview question bank and cross-checked data: ``interview questions``,
``interview answer``, ``interview answers``, ``confirm`` and ``sources``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from graphprofile.cli.base import emit, handles_errors, json_option, main, open_store


def _target_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--company ID`` or ``--person ID``: whose profile."""
    command = click.option("--person", "person_id", metavar="ID",
                           help="A person's profile (give this or --company).")(command)
    return click.option("--company", "company_id", metavar="ID",
                        help="A company's profile (give this or --person).")(command)


def _target(company_id: str | None, person_id: str | None) -> tuple[str, str]:
    if bool(company_id) == bool(person_id):
        raise click.UsageError("give either --company ID or --person ID")
    return ("company", company_id) if company_id else ("person", person_id)  # type: ignore[return-value]


def _record_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--date`` and ``--by``, shared by the commands that record a source."""
    command = click.option("--by", metavar="COLLEAGUE_ID",
                           help="The colleague who asked or checked (a stored colleague).")(
        command)
    return click.option("--date", "on", metavar="YYYY-MM-DD",
                        help="When it was learnt (default: today).")(command)


@main.group("interview")
def interview() -> None:
    """The interview question bank (industry, customer and decision-maker topics) and
    the answers recorded against a company or a person."""


@interview.command("questions")
@click.option("--topic", metavar="TOPIC",
              help="Only this topic: industry, customer or decision_maker.")
@json_option
@handles_errors
def questions_command(topic: str | None, as_json: bool) -> None:
    """List the interview questions: what to ask, why, and the profile field each
    answer fills. Sensitive topics (KPIs, private matters, confidential figures) are
    listed apart under "infer": to infer from what we observe, never to ask."""
    from graphprofile.services import interviews

    data = interviews.questions(topic)

    def human(d: dict[str, Any]) -> None:
        for heading, key in (("Ask", "questions"), ("Infer, don't ask", "infer")):
            click.echo(f"{heading}:")
            for q in d[key]:
                click.echo(f"  {q['id']:<16} [{q['topic']}] {q['question']}")
                click.echo(f"  {'':<16} fills {q['target']}.{q['field']}: {q['goal']}")
            click.echo("")

    emit(data, as_json, human)


@interview.command("answer")
@_target_options
@click.option("--question", "question_id", required=True, metavar="QID",
              help="The question's id (see `graphprofile interview questions`).")
@click.option("--answer", required=True, metavar="TEXT",
              help="The answer, as the field takes it (a number for industry_rank ...).")
@click.option("--source", metavar="SOURCE",
              help="Who gave it: interview (default), sales, presales, customer_success "
                   "or support.")
@_record_options
@json_option
@handles_errors
def answer_command(company_id: str | None, person_id: str | None, question_id: str,
                   answer: str, source: str | None, on: str | None, by: str | None,
                   as_json: bool) -> None:
    """Record an answer: it fills the question's field of the company or person
    (checked as that field: a bad value is refused, naming the field, and nothing is
    written) and is kept with its source and date. Logged in the audit log with who
    ran it ($GRAPHPROFILE_ACTOR or the login name)."""
    from graphprofile.services import interviews
    from graphprofile.services.audit_log import current_actor

    target, target_id = _target(company_id, person_id)
    with open_store() as store:
        data = interviews.record_answer(store, target, target_id, question_id, answer,
                                        source=source, on=on, by=by, actor=current_actor())
    emit(data, as_json, lambda d: click.echo(
        f"{target_id}: {d['field']} = {d['value']} ({d['source']}, {d['date']})"))


@interview.command("answers")
@_target_options
@json_option
@handles_errors
def answers_command(company_id: str | None, person_id: str | None, as_json: bool) -> None:
    """List the answers recorded about a company or a person, oldest first, with their
    source and date; "outdated" marks an answer whose field has changed since."""
    from graphprofile.services import interviews

    target, target_id = _target(company_id, person_id)
    with open_store() as store:
        data = interviews.answers(store, target, target_id)

    def human(d: dict[str, Any]) -> None:
        if not d["answers"]:
            click.echo(f"no answers recorded about {target_id}")
        for a in d["answers"]:
            mark = "" if a["current"] else "  (outdated)"
            click.echo(f"{a['date']}  {a['source']:<16} {a['question_id']:<16} "
                       f"{a['field']} = {a['value']}{mark}")

    emit(data, as_json, human)


@main.command("confirm")
@_target_options
@click.option("--field", required=True, metavar="FIELD",
              help="The profile field confirmed (industry_rank, pains, kpis ...).")
@click.option("--source", metavar="SOURCE",
              help="Who confirmed it: presales, customer_success, support, interview or "
                   "sales (default: the function of --by).")
@_record_options
@json_option
@handles_errors
def confirm_command(company_id: str | None, person_id: str | None, field: str,
                    source: str | None, on: str | None, by: str | None,
                    as_json: bool) -> None:
    """Record that a source confirmed the value a profile field holds (a cross-check of
    what sales entered). Without --source the source is the function of the --by
    colleague (sales, presales, customer_success or support). Counts in the audit's
    cross_records question; logged in the audit log."""
    from graphprofile.services import cross_checks
    from graphprofile.services.audit_log import current_actor

    target, target_id = _target(company_id, person_id)
    with open_store() as store:
        data = cross_checks.confirm(store, target, target_id, field, source=source, by=by,
                                    on=on, actor=current_actor())
    emit(data, as_json, lambda d: click.echo(
        f"{target_id}: {d['field']} confirmed by {', '.join(d['confirmed_by']) or 'no one'}"))


@main.command("sources")
@_target_options
@json_option
@handles_errors
def sources_command(company_id: str | None, person_id: str | None, as_json: bool) -> None:
    """Where each profile field of a company or person comes from (sales, presales,
    customer_success, support, interview or import) and whether a non-sales source
    confirmed its value; only fields that hold a value."""
    from graphprofile.services import cross_checks

    target, target_id = _target(company_id, person_id)
    with open_store() as store:
        data = cross_checks.sources(store, target, target_id)

    def human(d: dict[str, Any]) -> None:
        for f in d["fields"]:
            mark = f"confirmed by {', '.join(f['confirmed_by'])}" if f["confirmed"] else ""
            click.echo(f"{f['field']:<24} {f['source']:<16} {f['date'] or '':<10}  {mark}")

    emit(data, as_json, human)
