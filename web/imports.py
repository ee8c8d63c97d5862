"""Import: upload a bundle (.json, or .zip of CSV files) or a CRM's export (.zip), checked
whole before any write."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request

from graphprofile import services
from graphprofile.errors import InvalidInput, Problem
from graphprofile.services import connectors
from web import get_store

bp = Blueprint("imports", __name__)


def source_asked() -> str:
    """The ``source`` a request names (a form field or a query argument), else a bundle."""
    return request.values.get("source") or connectors.BUNDLE


def _page(status: int = 200, **context: Any) -> Any:
    context.setdefault("problems", [])
    context.setdefault("done", None)
    context.setdefault("source", connectors.BUNDLE)
    return render_template("imports/index.html", max_mb=services.MAX_UPLOAD // 2**20,
                           sources=connectors.upload_sources(), **context), status


def import_uploaded() -> connectors.ExportImport:
    """Import the request's upload (field ``bundle``) as its ``source`` says; InvalidInput
    on any problem, with nothing written."""
    upload = request.files.get("bundle")
    if upload is None or not upload.filename:
        raise InvalidInput("choose a file to upload",
                           [Problem("upload", None, None, "choose a file to upload")])
    return connectors.import_source_upload(get_store(), upload.filename, upload.stream,
                                           source=source_asked())


@bp.get("/import")
def index() -> Any:
    asked = source_asked()
    return _page(source=asked if asked in connectors.upload_sources() else connectors.BUNDLE)


@bp.post("/import")
def upload() -> Any:
    upload = request.files.get("bundle")
    filename = upload.filename if upload is not None else ""
    try:
        done = import_uploaded()
    except InvalidInput as exc:
        problems = [p if isinstance(p, Problem) else Problem("upload", None, None, str(p))
                    for p in exc.problems or [exc.message]]
        return _page(400, problems=problems, message=exc.message, filename=filename,
                     source=source_asked())
    return _page(done=done, filename=filename, source=source_asked())

