"""Excel downloads of the report pages: their sheet of the managers' workbook."""

from __future__ import annotations

import io
from typing import Any

from flask import send_file

from graphprofile.services import reports
from web import as_of, get_store

__all__ = ["workbook"]


def workbook(sheet: str, name: str) -> Any:
    """The workbook holding ``sheet`` as of the request's date, as an attachment named
    ``<name>-<date>.xlsx``. Read from the stored summaries, like the pages."""
    day = as_of()
    out = io.BytesIO()
    reports.write_report(get_store(), out, as_of=day, sheets=[sheet])
    out.seek(0)
    return send_file(out, mimetype=reports.MIMETYPE, as_attachment=True,
                     download_name=f"{name}-{day.isoformat()}.xlsx")
