"""Import a validated bundle into the store in batches, and export it back."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from graphprofile import summaries
from graphprofile.importer.bundle import Bundle
from graphprofile.importer.csvio import write_bundle
from graphprofile.importer.validate import ValidationReport, validate
from graphprofile.models import BUNDLE
from graphprofile.store import Store
from graphprofile.store.records import LINKS, StoreLookup, export_records, link, upsert

__all__ = [
    "ImportResult", "check_bundle", "export_bundle", "import_bundle", "progress_total",
    "write_checked",
]

Progress = Callable[[str, int], None]
DEFAULT_BATCH = 5_000
T = TypeVar("T")


def _prefetched(items: Iterator[T]) -> Iterator[T]:
    """Yield from ``items`` while the next one is being produced in a second thread.

    Reading and validating batch n+1 overlaps with the server writing batch n.
    """
    done = object()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="prefetch") as pool:
        pending = pool.submit(next, items, done)
        while True:
            item = pending.result()
            if item is done:
                return
            pending = pool.submit(next, items, done)
            yield item  # type: ignore[misc]


@dataclass
class ImportResult:
    """What an import wrote: rows per file, and the validation that allowed it."""

    written: dict[str, int] = field(default_factory=dict)
    report: ValidationReport | None = None

    @property
    def total(self) -> int:
        return sum(self.written.values())


def check_bundle(store: Store, path: str | Path) -> tuple[Bundle, ValidationReport]:
    """Validate a bundle against itself and what is stored; write nothing."""
    bundle = Bundle.open(path)
    return bundle, validate(bundle, existing=StoreLookup(store))


def import_bundle(
    store: Store,
    path: str | Path,
    *,
    batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None,
) -> ImportResult:
    """Validate the whole bundle, then write it in ``UNWIND`` batches.

    Nothing is written unless every file validates (InvalidInput lists every
    problem). Writes are idempotent MERGEs, so importing twice changes nothing
    and an import cut short by a failure is completed by running it again.
    """
    bundle, report = check_bundle(store, path)
    report.raise_for_problems()
    return write_checked(store, bundle, report, batch_size=batch_size, progress=progress)


def write_checked(
    store: Store,
    bundle: Bundle,
    report: ValidationReport,
    *,
    batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None,
    affected_companies: Collection[str] | None = None,
) -> ImportResult:
    """Write a bundle that ``check_bundle`` found valid.

    The stored portfolio summaries of ``affected_companies`` (of every account when the
    caller does not know which, as after a bulk import) are forgotten, so the portfolio
    recomputes them when next asked.
    """
    report.raise_for_problems()
    result = ImportResult(report=report)
    present = bundle.present()
    for spec in present:
        count = 0
        for batch in _prefetched(bundle.batches(spec.name, batch_size)):
            count += upsert(store, spec.name, batch)
            if progress:
                progress(spec.name, len(batch))
        result.written[spec.name] = count
    # Lines between rows of one file are drawn once all nodes exist.
    for spec in present:
        if spec.name in LINKS:
            for batch in _prefetched(bundle.batches(spec.name, batch_size)):
                link(store, spec.name, batch)
                if progress:
                    progress(f"{spec.name} links", len(batch))
    summaries.forget(store, affected_companies)
    return result


def progress_total(report: ValidationReport) -> int:
    """Rows a progress bar will see: every row once, linked files twice."""
    return sum(report.counts.values()) + sum(
        n for name, n in report.counts.items() if name in LINKS
    )


def export_bundle(store: Store, out_dir: str | Path) -> dict[str, int]:
    """Write every stored record as a bundle that ``import_bundle`` reads back."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return write_bundle(out, {spec.name: export_records(store, spec.name) for spec in BUNDLE})
