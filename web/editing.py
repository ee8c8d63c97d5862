"""Form plumbing shared by the edit views: submitted values in, errors per field out.

The writes themselves are use cases in :mod:`graphprofile.services`; a view reads the
form with :func:`values`, parses and saves through the service, and on ``InvalidInput``
shows :func:`field_errors` next to the fields.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import request

from graphprofile.errors import InvalidInput

__all__ = ["FORM", "field_errors", "values"]

FORM = "_form"  # errors that belong to no single field, shown above the form


def values(fields: Iterable[str]) -> dict[str, str]:
    """The submitted text of each field, blanks stripped ("" when absent)."""
    return {name: request.form.get(name, "").strip() for name in fields}


def field_errors(exc: InvalidInput, fields: Iterable[str]) -> dict[str, str]:
    """The first reason per field; a problem on no known field goes under :data:`FORM`."""
    known = set(fields)
    errors: dict[str, str] = {}
    for problem in exc.problems or [exc.message]:
        column = getattr(problem, "column", None)
        reason = getattr(problem, "reason", str(problem))
        errors.setdefault(column if column in known else FORM, reason)
    return errors
