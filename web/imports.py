"""Import: upload a bundle (.json, or .zip of CSV files), checked whole before any write."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request

from graphprofile import services
from graphprofile.errors import InvalidInput, Problem
from web import get_store

bp = Blueprint("imports", __name__)


def _page(status: int = 200, **context: Any) -> Any:
    context.setdefault("problems", [])
    context.setdefault("written", None)
    return render_template("imports/index.html", max_mb=services.MAX_UPLOAD // 2**20,
                           **context), status


@bp.get("/import")
def index() -> Any:
    return _page()


@bp.post("/import")
def upload() -> Any:
    upload = request.files.get("bundle")
    if upload is None or not upload.filename:
        return _page(400, problems=[Problem("upload", None, None, "choose a file to upload")])
    try:
        result = services.import_upload(get_store(), upload.filename, upload.stream)
    except InvalidInput as exc:
        problems = [p if isinstance(p, Problem) else Problem("upload", None, None, str(p))
                    for p in exc.problems or [exc.message]]
        return _page(400, problems=problems, message=exc.message, filename=upload.filename)
    return _page(written=result.written, total=result.total, filename=upload.filename)
