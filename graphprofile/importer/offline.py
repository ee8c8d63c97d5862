"""The first load offline, bundle side: the checks of an ordinary import against a store
found empty, then the valid rows as Neo4j importer files (graphprofile/store/bulk.py)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path

from graphprofile.importer.bundle import Bundle
from graphprofile.importer.hashing import HASH_PROPERTY, file_digest
from graphprofile.importer.load import DEFAULT_BATCH
from graphprofile.importer.spill import ValidatedRows
from graphprofile.importer.validate import ValidationReport, validate
from graphprofile.store.bulk import BulkFiles
from graphprofile.store.row_hashes import FileState, signed64

__all__ = ["check_alone", "write_files"]


class _NothingStored:
    """The store's answer when it holds nothing: every reference must resolve in the
    bundle, and a problem still says "not in the bundle or the store"."""

    def lookup(self, kind: str, ids: Collection[str]) -> dict[str, str | None]:
        return {}


def check_alone(path: str | Path, *, workers: int | None = None
                ) -> tuple[Bundle, ValidationReport]:
    """:func:`~graphprofile.importer.load.check_bundle` for a store known to be empty
    (and kept stopped meanwhile): the same checks and report, the valid rows set aside
    as ``bundle.validated``, without asking a server."""
    bundle = Bundle.open(path)
    kept = ValidatedRows(DEFAULT_BATCH)
    try:
        report = validate(bundle, existing=_NothingStored(), keep=kept, workers=workers)
        kept.finish()
    except BaseException:
        kept.close()
        raise
    if report.problems:
        kept.close()
    else:
        bundle.validated = kept
    return bundle, report


def write_files(bundle: Bundle, folder: Path,
                progress: Callable[[str, int], None] | None = None
                ) -> tuple[BulkFiles, dict[str, int], dict[str, FileState]]:
    """Write the rows :func:`check_alone` set aside as the importer's files in
    ``folder``; return them, the rows per bundle file, and what the store will hold of
    each CSV file once loaded (for the next import to skip the unchanged files whole).
    ``progress`` is called with a file's name and the rows written since the last call."""
    kept = bundle.validated
    if kept is None:
        raise ValueError("the bundle has not been checked (check_alone) or did not pass")
    folder.mkdir(parents=True, exist_ok=True)
    files = BulkFiles(folder)
    written: dict[str, int] = {}
    hashes: dict[str, list[tuple[int, int]]] = {}
    try:
        if kept.has("roles"):
            # An account-wide role ends at its holder's company, known once people are read.
            files.account_wide_roles(kept.batches("roles", DEFAULT_BATCH))
        for spec in bundle.present():
            written[spec.name] = 0
            hashes[spec.name] = found = []
            for batch in kept.batches(spec.name, DEFAULT_BATCH):
                files.add(spec.name, batch)
                written[spec.name] += len(batch)
                found.append(FileState.tally(row.get(HASH_PROPERTY) for row in batch))
                if progress:
                    progress(spec.name, len(batch))
    finally:
        files.close()
        kept.close()
        bundle.validated = None
    states = {}
    for name, tallies in hashes.items():
        path = bundle.csv_file(name)
        if path is not None:
            states[name] = FileState(file_digest(name, path), written[name],
                                     sum(n for n, _ in tallies),
                                     signed64(sum(total for _, total in tallies)))
    return files, written, states
