"""The first load of an empty managed store through Neo4j's own offline importer
(``graphprofile import --initial``): the checks of an ordinary import, the database built
while the managed server is stopped, then the server started, the schema applied and
what an ordinary first import does afterwards (summaries forgotten, the audit entry)."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from graphprofile import summaries
from graphprofile.config import Settings
from graphprofile.errors import InvalidInput, StoreUnavailable
from graphprofile.importer.load import ImportResult, progress_total
from graphprofile.importer.offline import check_alone, write_files
from graphprofile.services.audit_log import record_audit
from graphprofile.store import bulk, open_store, row_hashes
from graphprofile.store.server import LocalServer

__all__ = ["NotEmpty", "import_initial"]

Progress = Callable[[str, int], None]
# What the bar shows while Neo4j's importer runs (it counts as many steps as rows).
IMPORTER_STEP = "neo4j importer"


class NotEmpty(InvalidInput):
    """The store holds data: the offline load, which replaces the database, refuses."""

    def __init__(self, held: dict[str, int]):
        listed = ", ".join(f"{n} {label or '(no label)'}" for label, n in sorted(held.items()))
        super().__init__(
            f"the store is not empty (it holds {listed} nodes): --initial builds a new "
            "database and only loads an empty store. To update the store, import without "
            "--initial (the ordinary import).")
        self.held = held


def refuse_unmanaged(settings: Settings) -> None:
    """Raise InvalidInput when the store is not the managed local Neo4j."""
    if not settings.managed:
        raise InvalidInput(
            "NEO4J_URI is set: --initial builds the database offline while the managed "
            "local Neo4j is stopped, and it cannot stop a server it does not manage. "
            "Import without --initial (the ordinary import), or unset NEO4J_URI to load "
            "the managed store.")


def import_initial(settings: Settings, path: str | Path, *, actor: str | None = None,
                   progress: Progress | None = None,
                   started: Callable[[int], None] | None = None,
                   on: date | None = None, workers: int | None = None) -> ImportResult:
    """Load bundle ``path`` into the empty managed store with Neo4j's offline importer.

    Refused (InvalidInput, nothing changed) when ``NEO4J_URI`` is set or the store holds
    any node. The server is stopped (other processes' starts wait) while the bundle is
    checked as an ordinary import checks it, written as the importer's CSV files and
    imported into a new database folder, which then replaces the empty one; the server
    is started again whatever happens. On a problem in the bundle nothing changes
    (InvalidInput lists every problem); when the importer fails, the empty database
    stays (StoreUnavailable says why). ``started`` is called with the bar's length once
    the check passed: twice the rows (the files, then the importer's work); ``on`` is
    the day of the export, as for the ordinary import (a first import records no
    history: it is the baseline).
    """
    refuse_unmanaged(settings)
    del on  # the first import is the history's baseline: nothing is recorded
    server = LocalServer(settings)
    # A home whose server never created a database is empty: no start needed to ask.
    never_started = not server.status().running and not bulk.has_database(server.data_dir)
    if not never_started:
        with open_store(settings, schema=False) as store:
            held = bulk.contents(store)
        if held:
            raise NotEmpty(held)
    settings.home.mkdir(parents=True, exist_ok=True)
    # Under home: the database built is moved into place by renames.
    work = Path(tempfile.mkdtemp(prefix="initial-import-", dir=settings.home))
    try:
        with server.stopped() as start:
            if never_started and bulk.has_database(server.data_dir):
                raise InvalidInput("another process started the store while --initial "
                                   "was about to load it: run the command again.")
            bundle, report = check_alone(path, workers=workers)
            report.raise_for_problems()
            total = progress_total(report)
            if started:
                started(2 * total)
            files, written, states = write_files(bundle, work / "csv", progress)
            done = [0]

            def importer_progress(share: float) -> None:
                step = int(share * total) - done[0]
                if progress and step > 0:
                    done[0] += step
                    progress(IMPORTER_STEP, step)

            bulk.import_files(settings, files, work / "data", progress=importer_progress)
            shutil.rmtree(work / "csv", ignore_errors=True)
            bulk.swap_database(server.data_dir, work / "data", work / "empty")
            try:
                start()
            except StoreUnavailable:
                # The new database does not start: the empty one comes back (and is
                # started by stopped() on the way out).
                bulk.put_back(server.data_dir, work / "empty")
                raise
        with open_store(settings) as store:  # applies the schema over the loaded data
            bulk.await_indexes(store)
            row_hashes.record_file_states(store, states)
            summaries.forget(store, None)
            if actor is not None:
                record_audit(store, actor=actor, action="import", target_kind="bundle",
                             target_id=str(path), detail=json.dumps(written, sort_keys=True))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return ImportResult(written=written, report=report, companies=None)
