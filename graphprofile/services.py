"""Use cases: load what a question needs, run the analytics, return plain results.

Every function takes the store (and settings) as parameters, so the CLI, the web app
and the tests call the same code. Results follow the JSON contract of the CLI.
"""

from __future__ import annotations

import hashlib
import json
import stat
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from datetime import date
from functools import partial
from pathlib import Path, PurePosixPath
from typing import IO, Any

from pydantic import ValidationError

from graphprofile import analytics, cypher, portfolio, summaries
from graphprofile.analytics import DEFAULTS, AnalyticsSettings, PeerStats
from graphprofile.errors import Conflict, InvalidInput, NotFound
from graphprofile.graph import account_graph
from graphprofile.importer.bundle import Bundle
from graphprofile.importer.load import ImportResult, check_bundle, write_checked
from graphprofile.importer.validate import Problem, error_problems, validate
from graphprofile.models import (
    SPECS,
    Interaction,
    Person,
    Record,
    Relationship,
    Role,
    RoleAssignment,
)
from graphprofile.store import Store
from graphprofile.store.records import StoreLookup, account_snapshot, to_row

__all__ = [
    "MAX_EXPANDED", "MAX_UPLOAD", "account_ids", "account_report", "audit", "gaps",
    "import_upload", "person_version",
    "influence", "parse_record", "peer_stats", "record_interaction", "record_relationship",
    "remove_role", "rep_risk", "save_person", "set_role", "warm_paths", "whitespace",
]

# What the coverage questions (gaps, rep_risk) read of an account: its people, their
# lines and roles, our colleagues' links, the opportunities roles point at. Not the
# deployments or the product catalogue, which only cross-sell reads.
COVERAGE_PARTS = frozenset({"departments", "people", "influence", "colleagues",
                            "relationships", "opportunities", "roles", "interactions"})


def _graph(store: Store, company_id: str):
    return account_graph(account_snapshot(store, company_id, profiles=False))


def account_ids(store: Store) -> list[str]:
    """Ids of every account (a company with at least one person), sorted."""
    return [row["id"] for row in store.read("list_account_ids")]


def influence(store: Store, company_id: str, *,
              settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """``{"company_id", "people": [{"person_id", "score", "rank"}], "reporting_loops"}``.

    People are ranked; ``reporting_loops`` lists reporting cycles found in the stored
    data (the importer refuses them, but data can come from elsewhere).
    """
    graph = _graph(store, company_id)
    scores = analytics.influence(graph, settings=settings)
    return {
        "company_id": company_id,
        "people": [{"person_id": pid, **values} for pid, values in scores.items()],
        "reporting_loops": analytics.reporting_loops(graph),
    }


def gaps(store: Store, company_id: str | None = None, *, as_of: date,
         settings: AnalyticsSettings = DEFAULTS, workers: int | None = None,
         progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Coverage gaps of one account, or of every account in id order.

    Every account is analysed on its own graph; a portfolio is loaded in chunks and
    answered by ``workers`` processes (see :mod:`graphprofile.portfolio`).
    """
    ids = [company_id] if company_id else account_ids(store)
    question = partial(analytics.gaps, as_of=as_of, settings=settings)
    companies = [{"company_id": cid, **found} for cid, found in
                 portfolio.answers(store, question, ids, workers=workers, progress=progress,
                                   parts=COVERAGE_PARTS)]
    return {"as_of": as_of.isoformat(), "companies": companies}


def account_report(store: Store, company_id: str, *, as_of: date,
                   peers: PeerStats | None = None,
                   settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """Influence, gaps and whitespace of one account from ONE load of the account.

    The same results as :func:`influence`, :func:`gaps` and :func:`whitespace`, with the
    account loaded, its graph built and its influence computed once. Pass ``peers``
    (:func:`peer_stats`) to reuse portfolio figures across accounts.
    """
    graph = _graph(store, company_id)
    scores = analytics.influence_scores(graph, settings=settings)
    ranked = analytics.influence(graph, settings=settings, scores=scores)
    found = analytics.gaps(graph, as_of=as_of, settings=settings, scores=scores)
    cells = analytics.whitespace(graph, peers=peers or peer_stats(store), as_of=as_of,
                                 settings=settings)
    return {
        "company_id": company_id,
        "influence": [{"person_id": pid, **values} for pid, values in ranked.items()],
        "gaps": {"company_id": company_id, **found},
        "whitespace": cells,
    }


def rep_risk(store: Store, colleague_id: str, *, as_of: date,
             settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """Accounts that go dark, or are weakened, if one colleague leaves.

    ``dark`` and ``weakened`` are sorted account ids; ``accounts`` gives the detail
    (contacts lost, decision makers left without a link) of every affected account.
    """
    if not store.read("find_colleague", colleague_id=colleague_id):
        raise NotFound(f"no colleague with id {colleague_id!r}")
    dark, weakened, detail = [], [], []
    ids = [row["company_id"] for row in store.read("colleague_accounts",
                                                    colleague_id=colleague_id)]
    question = partial(analytics.rep_risk, colleague_id=colleague_id, as_of=as_of,
                       settings=settings)
    for cid, risk in portfolio.answers(store, question, ids, parts=COVERAGE_PARTS):
        if risk["dark"]:
            dark.append(cid)
        elif risk["weakened"]:
            weakened.append(cid)
        if risk["dark"] or risk["weakened"]:
            detail.append({"company_id": cid, **risk})
    return {"colleague_id": colleague_id, "as_of": as_of.isoformat(), "dark": dark,
            "weakened": weakened, "accounts": detail}


def warm_paths(store: Store, person_id: str, *, from_colleague: str | None = None,
               k: int | None = None, settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """The best introduction chains from our colleagues to a person, best first."""
    found = store.read("find_person", person_id=person_id)
    if not found:
        raise NotFound(f"no person with id {person_id!r}")
    sources = None
    if from_colleague is not None:
        if not store.read("find_colleague", colleague_id=from_colleague):
            raise NotFound(f"no colleague with id {from_colleague!r}")
        sources = [from_colleague]
    graph = _graph(store, found[0]["company_id"])
    paths = analytics.warm_paths(graph, person_id, sources=sources, k=k, settings=settings)
    return {"target": person_id, "paths": paths}


def peer_stats(store: Store) -> PeerStats:
    """Portfolio figures for whitespace: who owns what, per industry and function."""
    products = [row["props"]["id"] for row in store.read("list_products")]
    owning = {
        (r["industry"], r["function"], r["product_id"]): r["owning"]
        for r in store.read("peer_owning")
    }
    rows = (
        {"industry": t["industry"], "function": t["function"], "product_id": product,
         "owning": owning.get((t["industry"], t["function"], product), 0), "total": t["total"]}
        for t in store.read("peer_departments")
        for product in products
    )
    return PeerStats.from_rows(rows)


def whitespace(store: Store, company_id: str, *, as_of: date,
               settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """Every department x product cell of an account with status, score and reason."""
    graph = _graph(store, company_id)
    cells = analytics.whitespace(graph, peers=peer_stats(store), as_of=as_of,
                                 settings=settings)
    return {"company_id": company_id, "cells": cells}


def audit(store: Store, company_id: str, *, as_of: date,
          settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """The eight-question completeness audit, plus the strategic class and its reason."""
    graph = _graph(store, company_id)
    result = analytics.audit(graph, as_of=as_of, settings=settings)
    klass, reason = analytics.strategic_class(graph.nodes["company", company_id],
                                              settings=settings)
    return {"company_id": company_id, **result,
            "strategic_class": klass.value, "strategic_class_reason": reason}


def parse_as_of(value: str | None) -> date:
    """``--as-of`` text to a date (today when absent)."""
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"--as-of must be an ISO date (YYYY-MM-DD), got {value!r}") from exc


# --- writes: the edit forms and the bundle upload ---------------------------------------
#
# Each write is one record checked the way the importer checks a bundle (a one-row JSON
# bundle validated against the store), then written by the importer's batch writer, so
# the forms and `graphprofile import` accept and store exactly the same things.

MAX_UPLOAD = 50 * 2**20  # bytes of an uploaded .json or .zip
MAX_EXPANDED = 250 * 2**20  # bytes a .zip may expand to (guards against zip bombs)


def _invalid(file: str, column: str | None, reason: str) -> InvalidInput:
    return InvalidInput(reason, [Problem(file, None, column, reason)])


def parse_record(name: str, values: Mapping[str, Any]) -> Record:
    """Values of a form as the record of bundle file ``name`` (``"people"``, ``"roles"`` ...).

    Blank values are left out, so a field's default applies.

    Raises
    ------
    InvalidInput
        With one :class:`Problem` per bad column (file ``name``, row None).
    """
    spec = SPECS[name]
    given = {key: value for key, value in values.items()
             if value is not None and not (isinstance(value, str) and not value.strip())}
    try:
        return spec.model.model_validate(given)
    except ValidationError as exc:
        problems = error_problems(name, None, spec, exc)  # type: ignore[arg-type]
        raise InvalidInput("; ".join(map(str, problems)), problems) from None


def _check_record(store: Store, name: str, record: Record) -> tuple[Bundle, Any]:
    """Check one record like a one-row bundle (references, same company)."""
    bundle = Bundle(Path(f"{name}.json"), {name: [to_row(record)]})
    report = validate(bundle, existing=StoreLookup(store))
    report.raise_for_problems()
    return bundle, report


def _write_record(store: Store, name: str, record: Record, company_id: str) -> None:
    """Check one record like a one-row bundle, then write it (``company_id``: the
    account it changes, whose portfolio summary is then recomputed)."""
    write_checked(store, *_check_record(store, name, record), affected_companies=[company_id])


def _person_company(store: Store, person_id: str) -> str:
    found = store.read("find_person", person_id=person_id)
    if not found:
        raise NotFound(f"no person with id {person_id!r}")
    return str(found[0]["company_id"])


def person_version(person: Person) -> str:
    """A fingerprint of a stored person: the edit form carries it, so a save can tell
    whether someone else changed the person in the meantime."""
    canonical = json.dumps(person.to_properties(), sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def save_person(store: Store, person: Person, *, expected_version: str | None = None) -> Person:
    """Add a person or update their profile, department and manager.

    Columns the record does not carry but the stored person has (extra import columns)
    are kept. With ``expected_version`` (from :func:`person_version` when the editor
    loaded the person) the save happens only if the stored person is still that
    version: the check and the write share one transaction holding the person's lock.
    Returns the person as written.

    Raises
    ------
    NotFound
        The company is not stored.
    InvalidInput
        A department, manager or previous employer that is unknown or (department,
        manager) at another company; a reporting loop; a person stored at another company.
    Conflict
        Someone else changed (or erased) the person since ``expected_version``.
    """
    if not StoreLookup(store).lookup("companies", [person.company_id]):
        raise NotFound(f"no company with id {person.company_id!r}")
    stored = store.read("person_record", person_id=person.id)
    if stored:
        props = stored[0]["props"]
        if props.get("company_id") != person.company_id:
            raise _invalid("people", "company_id", (
                f"person {person.id!r} works at {props.get('company_id')!r}, "
                f"not {person.company_id!r}"))
        kept = {k: v for k, v in props.items() if k not in Person.model_fields}
        if kept:
            person = Person.model_validate({**kept, **person.model_dump(exclude_none=True)})
    if person.reports_to and person.id in {
            row["id"] for row in store.read("manager_chain", person_id=person.reports_to)}:
        raise _invalid("people", "reports_to", (
            f"reporting loop: {person.reports_to!r} already reports to {person.id!r}"))
    if expected_version is None:
        _write_record(store, "people", person, person.company_id)
        return person
    _check_record(store, "people", person)
    row = to_row(person)

    def guarded(tx: Any) -> None:
        current = tx.run(cypher.load("lock_person"), person_id=person.id).single()
        if current is None or person_version(
                Person.model_validate(current["props"])) != expected_version:
            raise Conflict(f"person {person.id!r} was changed by someone else since it "
                           "was opened; reload to see the changes, then edit again")
        tx.run(cypher.load("upsert_people"), rows=[row]).consume()
        tx.run(cypher.load("link_people"),
               rows=[{"id": person.id, "reports_to": person.reports_to}]).consume()

    store.write_tx(guarded)
    summaries.forget(store, [person.company_id])
    return person


def set_role(store: Store, assignment: RoleAssignment) -> RoleAssignment:
    """Give a person a buying role and stance, on an opportunity of their account or
    account-wide; the same role on the same opportunity is updated.

    Raises NotFound for an unknown person, InvalidInput for an opportunity that is
    unknown or belongs to another company.
    """
    company_id = _person_company(store, assignment.person_id)
    _write_record(store, "roles", assignment, company_id)
    return assignment


def remove_role(store: Store, person_id: str, role: str,
                opportunity_id: str | None = None) -> None:
    """Remove one buying role of a person (account-wide when ``opportunity_id`` is None).

    Raises NotFound for an unknown person or a role they do not hold, InvalidInput for
    an unknown role name.
    """
    company_id = _person_company(store, person_id)
    try:
        value = Role(role).value
    except ValueError:
        raise _invalid("roles", "role", f"unknown role {role!r}") from None
    counters = store.write("delete_role", person_id=person_id, role=value,
                           opportunity_id=opportunity_id or None)
    if not counters.get("relationships_deleted"):
        where = f"on {opportunity_id!r}" if opportunity_id else "account-wide"
        raise NotFound(f"person {person_id!r} holds no {value} role {where}")
    summaries.forget(store, [company_id])


def record_relationship(store: Store, relationship: Relationship) -> Relationship:
    """Record how well a colleague knows a person; values not given keep their stored value.

    Raises NotFound for an unknown person, InvalidInput for an unknown colleague.
    """
    company_id = _person_company(store, relationship.person_id)
    stored = store.read("find_relationship", colleague_id=relationship.colleague_id,
                        person_id=relationship.person_id)
    if stored:
        relationship = Relationship.model_validate(
            {**stored[0]["props"], **relationship.model_dump(exclude_unset=True)})
    _write_record(store, "relationships", relationship, company_id)
    return relationship


def record_interaction(store: Store, interaction: Interaction) -> Interaction:
    """Log a touch point with a person, optionally about an opportunity of their account.

    Raises NotFound for an unknown person, InvalidInput for an unknown colleague or an
    opportunity that is unknown or belongs to another company.
    """
    company_id = _person_company(store, interaction.person_id)
    if interaction.opportunity_id:
        owner = StoreLookup(store).lookup(
            "opportunities", [interaction.opportunity_id]).get(interaction.opportunity_id)
        if owner is not None and owner != company_id:
            raise _invalid("interactions", "opportunity_id", (
                f"opportunity {interaction.opportunity_id!r} belongs to company {owner!r}, "
                f"not {company_id!r} (the person's company)"))
    _write_record(store, "interactions", interaction, company_id)
    return interaction


def _copy_capped(source: IO[bytes], target: IO[bytes], limit: int, label: str) -> int:
    """Copy at most ``limit`` bytes; InvalidInput when there is more (sizes are not trusted)."""
    copied = 0
    while chunk := source.read(1 << 20):
        copied += len(chunk)
        if copied > limit:
            raise _invalid(label, None, f"larger than {limit // 2**20} MB")
        target.write(chunk)
    return copied


def _member_parts(name: str) -> tuple[str, ...] | None:
    """A zip member's path parts, or None when it is absolute or climbs out with ``..``."""
    posix = name.replace("\\", "/")
    parts = PurePosixPath(posix).parts
    if (not parts or posix.startswith("/") or ".." in parts or ":" in parts[0]
            or any(ord(ch) < 32 for ch in posix)):
        return None
    return parts


def _extract_zip(archive: Path, out: Path, label: str) -> Path:
    """Extract a .zip of CSV files safely; return the folder that holds the bundle.

    Every member is checked before anything is extracted: absolute paths, ``..``,
    symbolic links and archives that expand beyond :data:`MAX_EXPANDED` are refused.
    """
    try:
        with zipfile.ZipFile(archive) as zf:
            members = zf.infolist()
            problems = []
            for info in members:
                if _member_parts(info.filename) is None:
                    problems.append(Problem(info.filename, None, None,
                                            "unsafe path in the archive (absolute or with ..)"))
                elif stat.S_ISLNK(info.external_attr >> 16):
                    problems.append(Problem(info.filename, None, None,
                                            "symbolic links are not accepted"))
            if problems:
                raise InvalidInput(f"{label}: the archive has unsafe paths; nothing was read",
                                   problems)
            if sum(info.file_size for info in members) > MAX_EXPANDED:
                raise _invalid(label, None,
                               f"expands to more than {MAX_EXPANDED // 2**20} MB")
            out.mkdir()
            left = MAX_EXPANDED
            for info in members:
                if info.is_dir():
                    continue
                target = out.joinpath(*_member_parts(info.filename) or ())
                if not target.resolve().is_relative_to(out.resolve()):
                    raise _invalid(info.filename, None, "unsafe path in the archive")
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as source, target.open("wb") as sink:
                    left -= _copy_capped(source, sink, left, label)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, OSError, EOFError) as exc:
        raise _invalid(label, None, f"cannot be read as a .zip archive: {exc}") from None
    if not any(out.glob("*.csv")):
        folders = [p for p in out.iterdir() if p.is_dir()]
        if len(folders) == 1:  # zipped as one top folder holding the CSV files
            return folders[0]
    return out


def import_upload(store: Store, filename: str, stream: IO[bytes]) -> ImportResult:
    """Check and import an uploaded bundle: one ``.json`` document or a ``.zip`` of CSV files.

    The upload is kept in a temporary folder that is removed afterwards. Nothing is
    written unless the whole bundle is valid (as ``graphprofile import``).

    Raises
    ------
    InvalidInput
        Listing every problem (file, row, column, reason): of the bundle, or of the
        upload itself (type, size over :data:`MAX_UPLOAD`, unsafe archive paths).
    """
    label = Path(filename or "upload").name or "upload"
    suffix = Path(label).suffix.lower()
    if suffix not in (".json", ".zip"):
        raise _invalid(label, None, "upload a .json bundle or a .zip of CSV files")
    with tempfile.TemporaryDirectory(prefix="graphprofile-upload-") as tmp:
        saved = Path(tmp) / f"upload{suffix}"
        with saved.open("wb") as sink:
            _copy_capped(stream, sink, MAX_UPLOAD, label)
        path = saved if suffix == ".json" else _extract_zip(saved, Path(tmp) / "bundle", label)
        bundle, report = check_bundle(store, path)
        if not bundle.present():
            expected = ", ".join(spec.filename for spec in SPECS.values())
            raise _invalid(label, None, f"no bundle files found; expected any of {expected}")
        report.raise_for_problems()
        return write_checked(store, bundle, report)
