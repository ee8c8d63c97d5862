"""Bundles in and out: the one import flow (check, write, forget the summaries it
outdates, audit), checks without a write, uploads from the web, and export."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import IO

from graphprofile import resources, summaries
from graphprofile.errors import InvalidInput, Problem
from graphprofile.importer.bundle import Bundle
from graphprofile.importer.load import (
    DEFAULT_BATCH,
    ImportResult,
    check_bundle,
    export_bundle,
    progress_total,
    touched_through,
    write_checked,
)
from graphprofile.importer.upload import MAX_UPLOAD, save_upload
from graphprofile.importer.validate import ValidationReport
from graphprofile.models import SPECS
from graphprofile.services.audit_log import record_audit
from graphprofile.services.history import FOLLOWED, recording
from graphprofile.store import Store
from graphprofile.store.accounts import account_ids

__all__ = [
    "DEMO_DAY", "MAX_UPLOAD", "ImportResult", "demo_exports", "export_bundle", "import_bundle",
    "import_checked", "import_demo", "import_upload", "validate_bundle",
]

# The day the demo bundle was exported: "today" in its data.
DEMO_DAY = date(2026, 11, 23)

# Called with a bundle file's name and the number of its rows written since the last call.
Progress = Callable[[str, int], None]


def validate_bundle(store: Store, path: str | Path) -> ValidationReport:
    """Check a bundle against itself and the store; write nothing.

    Raises InvalidInput listing every problem (file, row, column, reason).
    """
    _bundle, report = check_bundle(store, path, keep_rows=False)
    report.raise_for_problems()
    return report


def import_bundle(store: Store, path: str | Path, *, actor: str | None = None,
                  batch_size: int = DEFAULT_BATCH, writers: int | None = None,
                  progress: Progress | None = None,
                  started: Callable[[int], None] | None = None,
                  on: date | None = None, prune: bool = False) -> ImportResult:
    """Check the whole bundle, then write it in batches (see :func:`import_checked`).

    Rows unchanged since the last import (same content hash) are neither parsed nor
    written; with ``prune``, stored records of the files present that the bundle lacks
    are deleted (the result's ``resync`` counts them per file). ``started`` is called
    with the number of rows to write once the check passed (a progress bar's length).
    Raises InvalidInput, with nothing written, on any problem.
    """
    bundle, report = check_bundle(store, path, prune=prune)
    report.raise_for_problems()
    if started:
        started(progress_total(report))
    return import_checked(store, bundle, report, label=str(path), actor=actor,
                          batch_size=batch_size, writers=writers, progress=progress, on=on)


def import_checked(store: Store, bundle: Bundle, report: ValidationReport, *, label: str,
                   actor: str | None = None, batch_size: int = DEFAULT_BATCH,
                   writers: int | None = None, progress: Progress | None = None,
                   on: date | None = None) -> ImportResult:
    """Write a bundle found valid, record what it changed in the import history dated
    ``on`` (the day the export was taken; default today), forget the stored summaries
    of the accounts it touched, and (with an ``actor``) record the import in the audit
    log. Both read only the accounts the import touches (all after a first import)."""
    # The history reads only the accounts its own files' rows change.
    touched, followed = touched_through(store, bundle, [None, FOLLOWED])
    if touched is None:
        followed = None
    with recording(store, on=on, company_ids=followed):
        result = write_checked(store, bundle, report, batch_size=batch_size,
                               writers=writers, progress=progress,
                               affected_companies=touched)
    summaries.forget(store, result.companies)
    if actor is not None:
        record_audit(store, actor=actor, action="import", target_kind="bundle",
                     target_id=label, detail=json.dumps(result.written, sort_keys=True))
    return result


def import_upload(store: Store, filename: str, stream: IO[bytes], *,
                  actor: str | None = None, on: date | None = None) -> ImportResult:
    """Check and import an uploaded bundle: one ``.json`` document or a ``.zip`` of CSV
    files, kept in a temporary folder that is removed afterwards. Nothing is written
    unless the whole bundle is valid.

    Raises
    ------
    InvalidInput
        Listing every problem (file, row, column, reason): of the bundle, or of the
        upload itself (type, size over :data:`MAX_UPLOAD`, unsafe archive paths).
    """
    label = Path(filename or "upload").name or "upload"
    with tempfile.TemporaryDirectory(prefix="graphprofile-upload-") as tmp:
        path = save_upload(label, stream, Path(tmp))
        bundle, report = check_bundle(store, path)
        if not bundle.present():
            expected = ", ".join(spec.filename for spec in SPECS.values())
            reason = f"no bundle files found; expected any of {expected}"
            raise InvalidInput(reason, [Problem(label, None, None, reason)])
        report.raise_for_problems()
        return import_checked(store, bundle, report, label=label, actor=actor, on=on)


def demo_exports() -> list[tuple[date, Path]]:
    """The demo portfolio's earlier exports, oldest first: ``demo_history/YYYY-MM-DD/``
    beside the demo bundle, each a bundle of that day."""
    folder = resources.demo_bundle().parent / "demo_history"
    if not folder.is_dir():
        return []
    return sorted((date.fromisoformat(day.name), day) for day in folder.iterdir()
                  if day.is_dir())


def import_demo(store: Store, bundle: str | Path | None = None, *, actor: str | None = None
                ) -> ImportResult:
    """Load the demo portfolio as its team would have: into an empty store its earlier
    exports oldest first, then the bundle (default the shipped one) dated
    :data:`DEMO_DAY`, so the import history holds what changed between them (into a
    store holding data, the bundle alone), and then its interview answers and
    confirmations. Returns the bundle's import."""
    empty = not account_ids(store)
    if empty:
        for day, folder in demo_exports():
            import_bundle(store, folder, actor=actor, on=day)
    result = import_bundle(store, bundle or resources.demo_bundle(), actor=actor, on=DEMO_DAY)
    if empty:
        _demo_interviews(store, actor)
    return result


def _demo_interviews(store: Store, actor: str | None) -> None:
    """The demo's interview answers and confirmations (``demo_history/interviews.json``),
    recorded as its team would through ``graphprofile interview answer`` and ``confirm``."""
    from graphprofile.services.cross_checks import confirm
    from graphprofile.services.interviews import record_answers

    path = resources.demo_bundle().parent / "demo_history" / "interviews.json"
    if not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    for a in data.get("answers", []):
        record_answers(store, a["target"], a["id"], a["answers"], on=a["date"], by=a["by"],
                       actor=actor)
    for c in data.get("confirmations", []):
        confirm(store, c["target"], c["id"], c["field"], by=c["by"], on=c["date"], actor=actor)
