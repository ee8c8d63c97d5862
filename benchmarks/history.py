"""Measure what recording the import history adds to a re-import into a full store.

Usage::

    .venv/bin/python benchmarks/history.py [--accounts 1000] [--people-per-account 100]
        [--rounds 3] [--quick] [--out benchmarks/history.json]

Generates a seeded bundle (``fixtures/generate.py``) and imports it once (the baseline of
the history: nothing is recorded). Then, on the same store, it re-imports a copy whose
people all have a new title (one ``title_changed`` entry each), in alternating order:

* bare: the checked bundle written as the import did before the history
  (``importer.load.write_checked``), no readings;
* recorded: ``services.import_checked``: a reading of every account before and after
  the write, their difference, the entries stored (trimmed per account).

Each write is timed after its check (the check is the same for both and untimed). Reports
the ratio of the medians (the history's cost on a re-import; a first import into an
empty store reads nothing and records nothing), the entries stored and this process's
peak RSS growth. Writes the JSON result and (unless ``--quick``) the history section of
BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from connectors import PeakRss  # noqa: E402
from run import machine, managed_store, write_markdown  # noqa: E402

from graphprofile.fixtures.generate import generate  # noqa: E402
from graphprofile.importer.load import check_bundle, write_checked  # noqa: E402
from graphprofile.runtime import tune_gc  # noqa: E402
from graphprofile.services import import_bundle, import_checked  # noqa: E402
from graphprofile.store import Store  # noqa: E402

MARK_START = "<!-- history:start -->"
MARK_END = "<!-- history:end -->"
SEED = 20261203


def retitled(bundle: Path, out: Path, suffix: str) -> Path:
    """A copy of ``bundle`` whose people's titles all end with ``suffix``."""
    shutil.copytree(bundle, out)
    people = out / "people.csv"
    with people.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:
        row["title"] = f"{row.get('title') or 'Staff'} {suffix}"
    with people.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields or [])
        writer.writeheader()
        writer.writerows(rows)
    return out


def timed(store: Store, bundle: Path, kind: str, day: date) -> dict[str, Any]:
    checked, report = check_bundle(store, bundle)
    entries_before = _entries(store)
    with PeakRss() as rss:
        t0 = time.perf_counter()
        if kind == "recorded":
            import_checked(store, checked, report, label=str(bundle), on=day)
        else:
            write_checked(store, checked, report)
        seconds = time.perf_counter() - t0
    return {"kind": kind, "seconds": round(seconds, 2),
            "rss_growth_mb": round(rss.peak_mb - rss.start_mb, 1),
            "entries": _entries(store) - entries_before}


def _entries(store: Store) -> int:
    return store.read_tx(lambda tx: tx.run("MATCH (c:Change) RETURN count(c) AS n").single()["n"])


def bench(accounts: int, people: int, rounds: int, tmp: Path) -> dict[str, Any]:
    bundle = tmp / "bundle"
    counts = generate(bundle, accounts, SEED, people_per_account=people)
    runs: list[dict[str, Any]] = []
    with managed_store(tmp / "home") as store:
        import_bundle(store, bundle, on=date(2026, 1, 1))  # the baseline: nothing recorded
        for i in range(rounds):
            order = ("bare", "recorded") if i % 2 == 0 else ("recorded", "bare")
            for j, kind in enumerate(order):
                copy = retitled(bundle, tmp / f"r{i}-{j}", f"(r{i}{j})")
                runs.append(timed(store, copy, kind, date(2026, 2, 1 + 2 * i + j)))
                print(json.dumps(runs[-1]), file=sys.stderr)
        host = machine(store)
    bare = statistics.median(r["seconds"] for r in runs if r["kind"] == "bare")
    recorded = statistics.median(r["seconds"] for r in runs if r["kind"] == "recorded")
    return {"accounts": accounts, "people": counts.get("people.csv", 0), "rounds": rounds,
            "bare_median_s": bare, "recorded_median_s": recorded,
            "ratio": round(recorded / bare, 2), "runs": runs, "machine": host}


def markdown(result: dict[str, Any]) -> str:
    lines = [
        MARK_START,
        "## Import history on a re-import",
        "",
        f"`benchmarks/history.py` ({result['date']}): {result['accounts']:,} generated "
        f"accounts, {result['people']:,} people, every title changed, re-imported into the "
        f"full store. Bare write (no history) median **{result['bare_median_s']} s**, with "
        f"the history recorded **{result['recorded_median_s']} s**: **{result['ratio']}x**. "
        "A first import into an empty store reads and records nothing.",
        "",
        "| round | write | seconds | history entries | RSS growth (MB) |",
        "|---|---|---|---|---|",
    ]
    for i, run in enumerate(result["runs"]):
        lines.append(f"| {i // 2 + 1} | {run['kind']} | {run['seconds']} | {run['entries']:,} "
                     f"| {run['rss_growth_mb']} |")
    lines.append(MARK_END)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--people-per-account", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true",
                        help="10 accounts of 10 people, one round (timings mean nothing)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "history.json")
    args = parser.parse_args(argv)
    if args.quick:
        args.accounts, args.people_per_account, args.rounds = 10, 10, 1
    tune_gc()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="graphprofile-bench-history-") as tmp:
        result = bench(args.accounts, args.people_per_account, args.rounds, Path(tmp))
    result.update(date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                  loadavg_1m_end=round(os.getloadavg()[0], 2),
                  duration_s=round(time.perf_counter() - started, 1))
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if not args.quick:
        write_markdown(ROOT / "BENCHMARKS.md", markdown(result), MARK_START, MARK_END)
    print(json.dumps({"ratio": result["ratio"], "bare_s": result["bare_median_s"],
                      "recorded_s": result["recorded_median_s"]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
