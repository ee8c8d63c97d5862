"""The importer's rules as data: what refers to what, which rows must share a company,
and how a pydantic error becomes a :class:`~graphprofile.errors.Problem` on its column."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from graphprofile.errors import Problem
from graphprofile.models import NO_CONTROL, OWNER_ROLE, RecordSpec

__all__ = [
    "NOUN", "ONE_PER", "OWNED", "PARENTS", "PARENT_COMPANY", "REFERENCES", "SAME_COMPANY",
    "SIDE_LINES",
    "OnePer", "SameCompany", "checked_columns", "error_problems",
]

# --- what refers to what -------------------------------------------------------------

# Columns that name a row of an earlier file: file -> ((column, kind), ...).
REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "departments": (("company_id", "companies"),),
    "people": (("company_id", "companies"), ("department_id", "departments"),
               ("previous_company_ids", "companies")),
    "influence": (("source_id", "people"), ("target_id", "people")),
    "relationships": (("colleague_id", "colleagues"), ("person_id", "people")),
    "account_team": (("company_id", "companies"), ("colleague_id", "colleagues")),
    "deployments": (("department_id", "departments"), ("product_id", "products")),
    "opportunities": (("company_id", "companies"), ("department_id", "departments"),
                      ("product_id", "products"), ("owner_id", "colleagues")),
    "roles": (("person_id", "people"), ("opportunity_id", "opportunities")),
    "interactions": (("colleague_id", "colleagues"), ("person_id", "people"),
                     ("opportunity_id", "opportunities")),
}

# Columns that name a row of the same file, forming a tree: file -> (column, loop name).
PARENTS: dict[str, tuple[str, str]] = {
    "companies": ("parent_id", "parent company loop"),
    "departments": ("parent_id", "parent department loop"),
    "people": ("reports_to", "reporting loop"),
    "colleagues": ("manager_id", "manager loop"),
}


@dataclass(frozen=True)
class SameCompany:
    """The row named in ``column`` must belong to the company of ``anchor``."""

    column: str
    kind: str
    anchor: str
    anchor_kind: str
    noun: str  # how the reason names the row of ``column``
    anchor_text: str  # how the reason names the anchor's company


# Cross-file consistency: file -> checks. Same-file parents are checked in PARENT_COMPANY.
SAME_COMPANY: dict[str, tuple[SameCompany, ...]] = {
    "people": (SameCompany("department_id", "departments", "company_id", "companies",
                           "department", "the person's company"),),
    "opportunities": (SameCompany("department_id", "departments", "company_id", "companies",
                                  "department", "the opportunity's company"),),
    "roles": (SameCompany("opportunity_id", "opportunities", "person_id", "people",
                          "opportunity", "the company of person {anchor!r}"),),
}
# A parent in the same file must belong to the same company as its child.
PARENT_COMPANY: dict[str, SameCompany] = {
    "departments": SameCompany("parent_id", "departments", "id", "departments",
                               "parent department", "the department's company"),
    "people": SameCompany("reports_to", "people", "id", "people",
                          "manager", "the person's company"),
}
# Lists of rows of the same file, checked once the whole file is read (a line may name a
# later row): each must exist and belong to the company of the row naming it.
SIDE_LINES: dict[str, SameCompany] = {
    "people": SameCompany("dotted_line_to", "people", "id", "people",
                          "dotted-line manager", "the person's company"),
}



@dataclass(frozen=True)
class OnePer:
    """At most one row of the file holds ``value`` in ``column`` per value of ``per``."""

    column: str
    value: str
    per: str
    reason: str  # what the problem says before naming the first such row


# Rows that must be the only one of their kind: file -> check.
ONE_PER: dict[str, OnePer] = {
    "account_team": OnePer("role", OWNER_ROLE, "company_id", "an account has one owner"),
}

# Kinds whose rows belong to a company (the others answer None).
OWNED = frozenset({"departments", "people", "opportunities"})
NOUN = {
    "companies": "company", "departments": "department", "people": "person",
    "colleagues": "colleague", "products": "product", "opportunities": "opportunity",
}


# --- pydantic errors -----------------------------------------------------------------

_PREFIXED = re.compile(r"^(\w+): (.*)$", re.DOTALL)
_EXTRA = re.compile(r"^extra column '(.+?)'")


def error_problems(
    file: str, row: int, spec: RecordSpec, exc: ValidationError, skip: Collection[str] = ()
) -> list[Problem]:
    """One problem per pydantic error of a row, each on its column.

    Parameters
    ----------
    file, row
        Where the row is, for the problems.
    spec
        The bundle file's spec (its model's fields locate model-level errors).
    exc
        The error of ``spec.model.model_validate``.
    skip
        Columns whose "missing" errors are already reported once for the whole file.
    """
    problems = []
    for error in exc.errors(include_url=False):
        if error["type"] == "missing" and error["loc"] and error["loc"][0] in skip:
            continue
        column, reason = _locate(error, spec)
        problems.append(Problem(file, row, column, reason))
    return problems


def _locate(error: Any, spec: RecordSpec) -> tuple[str | None, str]:
    """The column and a readable reason of one pydantic error."""
    loc = error["loc"]
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "missing":
        message = "a value is required"
    elif error["type"] == "string_pattern_mismatch" and error["ctx"]["pattern"] == NO_CONTROL:
        message = "must not contain control characters"
    column: str | None = None
    if loc and isinstance(loc[0], str):
        column = loc[0]
        if len(loc) > 1 and isinstance(loc[1], int):  # an item of a ;-separated list
            message = f"item {loc[1] + 1}: {message}"
    elif (match := _PREFIXED.match(message)) and match[1] in spec.model.model_fields:
        # Model-level checks in models.py start their message with the column name.
        column, message = match[1], match[2]
    elif match := _EXTRA.match(message):
        column = match[1]
    value = error.get("input")
    if error["type"] != "missing" and isinstance(value, str) and len(value) <= 80:
        message += f" (got {value!r})"
    return column, message



def checked_columns(spec: RecordSpec) -> tuple[str, ...]:
    """The columns :func:`_check_record` reads of a valid record of ``spec``'s file.

    A worker process that parsed the record sends only these back.
    """
    columns = [*spec.key]
    if spec.name in OWNED:
        columns.append("company_id")
    if spec.name in PARENTS:
        columns.append(PARENTS[spec.name][0])
    if spec.name in SIDE_LINES:
        columns.append(SIDE_LINES[spec.name].column)
    columns += [column for column, _kind in REFERENCES.get(spec.name, ())]
    for check in SAME_COMPANY.get(spec.name, ()):
        columns += [check.column, check.anchor]
    if (single := ONE_PER.get(spec.name)) is not None:
        columns += [single.column, single.per]
    return tuple(dict.fromkeys(columns))
