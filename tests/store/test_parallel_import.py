"""An import checked by worker processes stores what one process stores (real Neo4j)."""

from __future__ import annotations

import csv
import filecmp
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphprofile.cli import main
from graphprofile.importer import parallel
from graphprofile.importer.load import check_bundle, export_bundle, write_checked

pytestmark = pytest.mark.skipif(not parallel._FORK, reason="workers need fork")


@pytest.fixture
def bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A generated bundle, every file of which the workers read in ranges of 4 KB."""
    out = tmp_path / "generated"
    result = CliRunner().invoke(main, ["generate", str(out), "--accounts", "8", "--seed", "3"])
    assert result.exit_code == 0, result.output
    monkeypatch.setattr(parallel, "MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "CHUNK_BYTES", 4096)
    return out


def test_workers_forked_beside_the_driver_import_the_same_graph(store, bundle, tmp_path):
    for workers in (2, 1):
        store.clear()
        parallel.RANGES.clear()
        checked, report = check_bundle(store, bundle, workers=workers)
        assert report.ok, report.problems
        assert bool(parallel.RANGES) == (workers == 2)
        assert os.getpid() not in parallel.RANGES
        write_checked(store, checked, report)  # the driver still works
        export_bundle(store, tmp_path / f"export-{workers}")
    names = sorted(p.name for p in (tmp_path / "export-1").iterdir())
    match, mismatch, errors = filecmp.cmpfiles(tmp_path / "export-1", tmp_path / "export-2",
                                               names, shallow=False)
    assert (mismatch, errors) == ([], []) and match


def test_references_to_stored_rows_are_checked_alike(store, bundle, tmp_path):
    checked, report = check_bundle(store, bundle, workers=2)
    write_checked(store, checked, report)
    # More people, in stored companies and departments; some in a company nowhere.
    with (bundle / "people.csv").open(encoding="utf-8", newline="") as handle:
        people = list(csv.DictReader(handle))
    for n, person in enumerate(people):
        person["id"] += "-again"
        if n % 7 == 0:
            person["company_id"] = "ghost-co"
    more = tmp_path / "more"
    more.mkdir()
    with (more / "people.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(people[0]))
        writer.writeheader()
        writer.writerows(people)
    reports = [check_bundle(store, more, workers=workers, keep_rows=False)[1]
               for workers in (1, 2)]
    assert reports[0] == reports[1]
    assert any("ghost-co" in p.reason for p in reports[0].problems)
    assert any("belongs to company" in p.reason for p in reports[0].problems)
