"""Imports from other systems' exports (a folder of CSV files or a ``.zip`` of one):
translate through a mapping (a shipped connector's or the user's), check the whole
result, then import it like a bundle; and the web's uploads of either kind."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import IO

from graphprofile.connectors import (
    SHIPPED,
    Mapping,
    Translation,
    load_mapping,
    shipped,
    translate,
)
from graphprofile.errors import InvalidInput, Problem
from graphprofile.importer.bundle import Bundle
from graphprofile.importer.load import DEFAULT_BATCH, ImportResult, check_bundle, progress_total
from graphprofile.importer.upload import MAX_EXPANDED as MAX_UPLOAD_EXPANDED
from graphprofile.importer.upload import MAX_UPLOAD
from graphprofile.importer.validate import CUT, ValidationReport
from graphprofile.services.export_zips import LIMITS, ZipLimits, extract_export, is_zip
from graphprofile.services.imports import Progress, import_checked, import_upload
from graphprofile.store import Store

__all__ = ["BUNDLE", "UPLOAD_LIMITS", "ExportImport", "import_export", "import_source_upload",
           "mapping_of", "upload_sources", "validate_export"]

BUNDLE = "bundle"  # the source of an upload in graphprofile's own format
# An uploaded export's archive expands no further than an uploaded bundle's.
UPLOAD_LIMITS = ZipLimits(expanded=MAX_UPLOAD_EXPANDED)


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


@cache
def upload_sources() -> dict[str, str]:
    """What an upload may be, by the name a form or the API sends: graphprofile's own
    bundle, then each shipped connector's export (by its mapping's name)."""
    return {BUNDLE: "graphprofile bundle", **{name: shipped(name).name for name in SHIPPED}}


@contextmanager
def _export_folder(path: str | Path, limits: ZipLimits) -> Iterator[Path]:
    """The folder of an export: ``path`` itself, or its ``.zip`` extracted safely into a
    temporary folder that is removed afterwards, whatever happens."""
    path = Path(path)
    if path.is_dir():
        yield path
        return
    if not is_zip(path):
        reason = ("not a folder of CSV files or a .zip of one" if path.exists()
                  else "no such folder or .zip")
        raise InvalidInput(f"{path}: {reason}", [Problem(path.name, None, None, reason)])
    with tempfile.TemporaryDirectory(prefix="graphprofile-zip-") as tmp:
        yield extract_export(path, Path(tmp) / "export", limits=limits, label=path.name)


@contextmanager
def _checked(store: Store, mapping: Mapping, path: str | Path, *, keep_rows: bool,
             label: str | None = None, limits: ZipLimits = LIMITS
             ) -> Iterator[tuple[Translation, Bundle, ValidationReport]]:
    """Translate the export (a folder or a ``.zip``) into a temporary bundle and check it
    all; on any problem, raise InvalidInput listing every one in the export's terms
    (nothing is written). ``label`` names the export in messages (default: its name)."""
    label = label or Path(path).name
    with (_export_folder(path, limits) as folder,
          tempfile.TemporaryDirectory(prefix="graphprofile-export-") as tmp):
        translation = translate(mapping, folder, tmp)
        if not translation.read and not translation.problems:
            expected = ", ".join(dict.fromkeys(entry.source for entry in mapping.file))
            reason = f"none of the export's files found; expected any of {expected}"
            raise InvalidInput(f"{label}: {reason}", [Problem(label, None, None, reason)])
        bundle, report = check_bundle(store, tmp, keep_rows=keep_rows)
        try:
            problems = [*translation.problems,
                        *(translation.provenance.rewrite(p) for p in report.problems)]
            _raise_for(problems, mapping, label)
            yield translation, bundle, report
        finally:
            if bundle.validated is not None:
                bundle.validated.close()


def _raise_for(problems: list[Problem], mapping: Mapping, label: str) -> None:
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
    raise InvalidInput(f"invalid {mapping.name} export {label}: {size} in {files}; "
                       "nothing was written", [*problems, *cut])


def validate_export(store: Store, path: str | Path, mapping: Mapping) -> ExportImport:
    """Translate and check an export (a folder or a ``.zip``) against itself and the
    store; write nothing.

    Raises InvalidInput listing every problem as source file, row, column and reason.
    """
    with _checked(store, mapping, path, keep_rows=False) as (translation, _bundle, report):
        return ExportImport(None, translation.read, translation.skipped, report.counts)


def import_export(store: Store, path: str | Path, mapping: Mapping, *,
                  actor: str | None = None, batch_size: int = DEFAULT_BATCH,
                  writers: int | None = None, progress: Progress | None = None,
                  started: Callable[[int], None] | None = None,
                  on: date | None = None) -> ExportImport:
    """Translate an export (a folder of CSV files, or a ``.zip`` of one: its root or its
    one top-level folder, extracted safely) through ``mapping``, check the whole
    result, then write it as :func:`~graphprofile.services.imports.import_bundle` does:
    batched, idempotent, the summaries it outdates forgotten, audited with an ``actor``.

    Raises InvalidInput, with nothing written, on any problem (in the export's terms).
    """
    with _checked(store, mapping, path, keep_rows=True) as (translation, bundle, report):
        if started:
            started(progress_total(report))
        result = import_checked(store, bundle, report, label=f"{mapping.name} {path}",
                                actor=actor, batch_size=batch_size, writers=writers,
                                progress=progress, on=on)
        return ExportImport(result, translation.read, translation.skipped, report.counts)


def import_source_upload(store: Store, filename: str, stream: IO[bytes], *,
                         source: str = BUNDLE, actor: str | None = None,
                         on: date | None = None) -> ExportImport:
    """Check and import an upload: a bundle (``source`` :data:`BUNDLE`, see
    :func:`~graphprofile.services.imports.import_upload`) or the ``.zip`` of a shipped
    connector's export (``source`` one of :func:`upload_sources`), saved and extracted
    into a temporary folder that is removed afterwards. Nothing is written unless the
    whole upload is valid.

    Raises
    ------
    InvalidInput
        An unknown source; an upload that is not a ``.zip`` of an export, larger than
        :data:`MAX_UPLOAD` or an unsafe archive (each member named); or every problem
        of the bundle or export (file, row, column, reason).
    """
    label = Path(filename or "upload").name or "upload"
    if source not in upload_sources():
        reason = f"unknown source {source!r}; one of {', '.join(upload_sources())}"
        raise InvalidInput(reason, [Problem("source", None, None, reason)])
    if source == BUNDLE:
        result = import_upload(store, label, stream, actor=actor, on=on)
        return ExportImport(result, {}, {}, dict(result.written))
    mapping = shipped(source)
    if Path(label).suffix.lower() != ".zip":
        reason = f"upload the {mapping.name} export as a .zip of its CSV files"
        raise InvalidInput(reason, [Problem(label, None, None, reason)])
    with tempfile.TemporaryDirectory(prefix="graphprofile-upload-") as tmp:
        archive = Path(tmp) / "export.zip"
        with archive.open("wb") as sink:
            _copy_capped(stream, sink, MAX_UPLOAD, label)
        with _checked(store, mapping, archive, keep_rows=True, label=label,
                      limits=UPLOAD_LIMITS) as (translation, bundle, report):
            result = import_checked(store, bundle, report, label=f"{mapping.name} {label}",
                                    actor=actor, on=on)
            return ExportImport(result, translation.read, translation.skipped,
                                report.counts)


def _copy_capped(source: IO[bytes], target: IO[bytes], limit: int, label: str) -> None:
    """Copy at most ``limit`` bytes, counted as they come (a sent length is not trusted)."""
    copied = 0
    while chunk := source.read(1 << 20):
        copied += len(chunk)
        if copied > limit:
            reason = f"larger than {limit // 2**20} MB"
            raise InvalidInput(f"{label}: {reason}", [Problem(label, None, None, reason)])
        target.write(chunk)
