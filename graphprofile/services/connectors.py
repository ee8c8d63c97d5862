"""Imports from other systems' exports: translate through a mapping (a shipped
connector's or the user's), check the whole result, then import it like a bundle."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from graphprofile.connectors import Mapping, Translation, load_mapping, shipped, translate
from graphprofile.errors import InvalidInput, Problem
from graphprofile.importer.bundle import Bundle
from graphprofile.importer.load import DEFAULT_BATCH, ImportResult, check_bundle, progress_total
from graphprofile.importer.validate import CUT, ValidationReport
from graphprofile.services.imports import Progress, import_checked
from graphprofile.store import Store

__all__ = ["ExportImport", "import_export", "mapping_of", "validate_export"]


@dataclass
class ExportImport:
    """What an import of an export did: the bundle import's result, and the rows read
    per source file and left out by the mapping's filters."""

    result: ImportResult | None
    read: dict[str, int]
    skipped: dict[str, int]
    rows: dict[str, int]  # bundle rows per bundle file, as validated


def mapping_of(source: str | None = None, mapping: str | Path | None = None) -> Mapping:
    """The mapping of a shipped connector (``salesforce``) or of a mapping file."""
    if (source is None) == (mapping is None):
        raise InvalidInput("give either a connector or a mapping file")
    if source is not None:
        return shipped(source)
    assert mapping is not None
    return load_mapping(mapping)


@contextmanager
def _checked(store: Store, mapping: Mapping, path: str | Path, *, keep_rows: bool
             ) -> Iterator[tuple[Translation, Bundle, ValidationReport]]:
    """Translate the export into a temporary bundle and check it all; on any problem,
    raise InvalidInput listing every one in the export's terms (nothing is written)."""
    folder = Path(path)
    if not folder.is_dir():
        reason = "not a folder of CSV files" if folder.exists() else "no such folder"
        raise InvalidInput(f"{folder}: {reason}", [Problem(folder.name, None, None, reason)])
    with tempfile.TemporaryDirectory(prefix="graphprofile-export-") as tmp:
        translation = translate(mapping, folder, tmp)
        if not translation.read and not translation.problems:
            expected = ", ".join(dict.fromkeys(entry.source for entry in mapping.file))
            reason = f"none of the export's files found; expected any of {expected}"
            raise InvalidInput(f"{folder}: {reason}", [Problem(folder.name, None, None, reason)])
        bundle, report = check_bundle(store, tmp, keep_rows=keep_rows)
        try:
            problems = [*translation.problems,
                        *(translation.provenance.rewrite(p) for p in report.problems)]
            _raise_for(problems, mapping, folder)
            yield translation, bundle, report
        finally:
            if bundle.validated is not None:
                bundle.validated.close()


def _raise_for(problems: list[Problem], mapping: Mapping, folder: Path) -> None:
    if not problems:
        return
    order: dict[str, int] = {}
    for i, entry in enumerate(mapping.file):
        order.setdefault(entry.source, i)
    cut = [p for p in problems if p.file == CUT]
    # Two bundle rows of one source row (a contact's person and department) can fail alike.
    unique = dict.fromkeys(p for p in problems if p.file != CUT)
    problems = sorted(unique, key=lambda p: (
        order.get(p.file, len(order)), p.row is not None, p.row or 0))
    files = ", ".join(dict.fromkeys(p.file for p in problems))
    size = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
    if cut:
        size = f"more than {size}"
    raise InvalidInput(f"invalid {mapping.name} export {folder.name}: {size} in {files}; "
                       "nothing was written", [*problems, *cut])


def validate_export(store: Store, path: str | Path, mapping: Mapping) -> ExportImport:
    """Translate and check an export against itself and the store; write nothing.

    Raises InvalidInput listing every problem as source file, row, column and reason.
    """
    with _checked(store, mapping, path, keep_rows=False) as (translation, _bundle, report):
        return ExportImport(None, translation.read, translation.skipped, report.counts)


def import_export(store: Store, path: str | Path, mapping: Mapping, *,
                  actor: str | None = None, batch_size: int = DEFAULT_BATCH,
                  writers: int | None = None, progress: Progress | None = None,
                  started: Callable[[int], None] | None = None) -> ExportImport:
    """Translate an export (a folder of CSV files) through ``mapping``, check the whole
    result, then write it as :func:`~graphprofile.services.imports.import_bundle` does:
    batched, idempotent, the summaries it outdates forgotten, audited with an ``actor``.

    Raises InvalidInput, with nothing written, on any problem (in the export's terms).
    """
    with _checked(store, mapping, path, keep_rows=True) as (translation, bundle, report):
        if started:
            started(progress_total(report))
        result = import_checked(store, bundle, report, label=f"{mapping.name} {path}",
                                actor=actor, batch_size=batch_size, writers=writers,
                                progress=progress)
        return ExportImport(result, translation.read, translation.skipped, report.counts)
