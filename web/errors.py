"""One error handler: a library error becomes its HTTP status, as JSON or as a page."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from graphprofile.errors import GraphProfileError

__all__ = ["init_app"]

_TITLES = {400: _l("That request doesn't look right"), 401: _l("Sign in first"),
           403: _l("You don't have access to that"), 404: _l("Not found"),
           405: _l("Method not allowed"), 413: _l("That upload is too large"),
           503: _l("The account graph is unavailable"),
           500: _l("Something went wrong")}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _render(status: int, message: str, problems: list[dict[str, Any]] | None = None) -> Any:
    if _wants_json():
        payload: dict[str, Any] = {"error": message}
        if problems:
            payload["problems"] = problems
        return jsonify(payload), status
    return render_template("errors/error.html", status=status, message=message,
                           title=_TITLES.get(status, _l("Error")), problems=problems or []), status


def _problems(exc: GraphProfileError) -> list[dict[str, Any]]:
    return [{"file": p.file, "row": p.row, "column": p.column, "reason": p.reason}
            if hasattr(p, "reason") else {"reason": str(p)}
            for p in getattr(exc, "problems", [])]


def init_app(app: Flask) -> None:
    """Register the handlers for library errors, HTTP errors and anything unexpected."""

    @app.errorhandler(GraphProfileError)
    def library_error(exc: GraphProfileError) -> Any:
        if exc.status >= 500:
            app.logger.warning("%s: %s", type(exc).__name__, exc.message)
        return _render(exc.status, exc.message, _problems(exc))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Any:
        return _render(exc.code or 500, exc.description or exc.name)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Any:
        app.logger.exception("unexpected error")
        return _render(500, _("An unexpected error occurred; it has been logged."))
