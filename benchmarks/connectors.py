"""Measure the Salesforce connector's import against the same records as a native bundle.

Usage::

    .venv/bin/python benchmarks/connectors.py [--accounts 1000] [--people-per-account 100]
        [--rounds 2] [--quick] [--out benchmarks/connectors.json]

Generates a seeded native bundle (``fixtures/generate.py``), writes it as a Salesforce
Data Export (``fixtures/salesforce_export.py``: quoted CSVs, Salesforce ids, the
standard objects) and translates that export once, untimed, through the shipped mapping:
the result is the baseline, the very records the connector writes, as a native bundle.
Then, on one managed Neo4j of its own, emptied before each import, after one untimed
import of each (warm-up), it times in alternating order (native first in odd rounds,
connector first in even ones):

* native: ``services.import_bundle`` of the baseline bundle;
* connector: ``services.connectors.import_export`` of the export (translation, checking
  and writing, as ``graphprofile import --from salesforce`` does);

and reports the ratio of their medians (target: at most 1.5x) and the growth of this
process's peak RSS during each (streaming: it should not grow with the export).
Writes the JSON result and (unless ``--quick``) the connector section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from run import machine, managed_store, write_markdown  # noqa: E402

from graphprofile import connectors  # noqa: E402
from graphprofile.fixtures.generate import generate  # noqa: E402
from graphprofile.fixtures.salesforce_export import salesforce_export  # noqa: E402
from graphprofile.runtime import tune_gc  # noqa: E402
from graphprofile.services import import_bundle  # noqa: E402
from graphprofile.services.connectors import import_export  # noqa: E402
from graphprofile.store import Store  # noqa: E402

MARK_START = "<!-- connectors:start -->"
MARK_END = "<!-- connectors:end -->"
SEED = 20261203
TARGET_RATIO = 1.5


class PeakRss:
    """The peak resident set of this process while the block runs (VmRSS sampled from
    /proc every 50 ms), and what it was when the block began."""

    def __init__(self) -> None:
        self.start_mb = self.peak_mb = self._now()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _now() -> float:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self.peak_mb = max(self.peak_mb, self._now())

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_mb = max(self.peak_mb, self._now())


def timed(store: Store, kind: str, native: Path, export: Path) -> dict[str, Any]:
    """One import into the emptied store, timed, with its RSS growth."""
    store.clear()
    mapping = connectors.shipped("salesforce")
    with PeakRss() as rss:
        t0 = time.perf_counter()
        if kind == "native":
            rows = import_bundle(store, native).total
        else:
            rows = import_export(store, export, mapping).result.total
        seconds = time.perf_counter() - t0
    return {"kind": kind, "rows": rows, "seconds": round(seconds, 2),
            "rss_growth_mb": round(rss.peak_mb - rss.start_mb, 1)}


def bench(accounts: int, per_account: int, rounds: int, work: Path) -> dict[str, Any]:
    native_src, export, baseline = work / "generated", work / "export", work / "baseline"
    t0 = time.perf_counter()
    generate(native_src, accounts, SEED, people_per_account=per_account)
    exported = salesforce_export(native_src, export)
    prepare_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    translation = connectors.translate(connectors.shipped("salesforce"), export, baseline)
    translate_s = time.perf_counter() - t0
    if translation.problems:
        raise SystemExit(f"the generated export does not translate: {translation.problems[:3]}")
    export_mb = sum(p.stat().st_size for p in export.iterdir()) / 2**20
    runs: list[dict[str, Any]] = []
    with managed_store(work / "home") as store:
        info = machine(store)
        # Untimed warm-up: the schema, the JVM's compiled paths and the page cache.
        print("warm-up: native and connector", file=sys.stderr)
        timed(store, "native", baseline, export)
        timed(store, "connector", baseline, export)
        for r in range(rounds):
            order = ("native", "connector") if r % 2 == 0 else ("connector", "native")
            for kind in order:
                print(f"round {r + 1}/{rounds}: {kind}", file=sys.stderr)
                runs.append(timed(store, kind, baseline, export))
    native_s = statistics.median(x["seconds"] for x in runs if x["kind"] == "native")
    connector_s = statistics.median(x["seconds"] for x in runs if x["kind"] == "connector")
    return {
        "machine": info, "accounts": accounts, "contacts": exported.get("Contact.csv", 0),
        "export_rows": sum(exported.values()), "export_files": exported,
        "export_mb": round(export_mb, 1), "prepare_s": round(prepare_s, 1),
        "translate_alone_s": round(translate_s, 2),
        "runs": runs, "native_median_s": native_s, "connector_median_s": connector_s,
        "ratio": round(connector_s / native_s, 2),
        "rss_growth_mb": {kind: max(x["rss_growth_mb"] for x in runs if x["kind"] == kind)
                          for kind in ("native", "connector")},
    }


def markdown(result: dict[str, Any]) -> str:
    m, ratio = result["machine"], result["ratio"]
    status = "met" if ratio <= TARGET_RATIO else "NOT met"
    lines = [
        MARK_START,
        "<!-- generated by benchmarks/connectors.py; edit outside these markers -->",
        f"Run {result['date']} with `{result['command']}` ({result['duration_s']:.0f} s in "
        "all).",
        "",
        f"Machine: {m['nproc']} CPUs, {m['ram_gb']} GB RAM, Python {m['python']}, "
        f"{m['neo4j']}; 1-minute load average at start / end: {m['loadavg_1m_start']} / "
        f"{result['loadavg_1m_end']}.",
        "",
        f"Export: {result['accounts']:,} accounts, {result['contacts']:,} contacts, "
        f"{result['export_rows']:,} rows in {len(result['export_files'])} files "
        f"({result['export_mb']} MB); the same records as a native bundle: "
        f"{result['runs'][0]['rows']:,} rows. Translation alone: "
        f"{result['translate_alone_s']} s.",
        "",
        "| round | import | rows | seconds | RSS growth (MB) |",
        "|---|---|---:|---:|---:|",
    ]
    for i, run in enumerate(result["runs"]):
        lines.append(f"| {i // 2 + 1} | {run['kind']} | {run['rows']:,} | {run['seconds']} "
                     f"| {run['rss_growth_mb']} |")
    lines += [
        "",
        "| target | status | measured |",
        "|---|---|---|",
        f"| Salesforce export imports within {TARGET_RATIO}x the native bundle | "
        f"**{status}** | {ratio}x ({result['connector_median_s']} s vs "
        f"{result['native_median_s']} s, medians) |",
        MARK_END,
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--people-per-account", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=2,
                        help="each round imports both, in alternating order (default 2)")
    parser.add_argument("--quick", action="store_true",
                        help="20 accounts of 20 people, one round (timings mean nothing)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "connectors.json")
    parser.add_argument("--markdown", type=Path, default=None,
                        help="file to write the section to (default BENCHMARKS.md, none "
                             "with --quick)")
    args = parser.parse_args(argv)
    if args.quick:
        args.accounts, args.people_per_account, args.rounds = 20, 20, 1
    tune_gc()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="graphprofile-bench-connectors-") as tmp:
        result = bench(args.accounts, args.people_per_account, args.rounds, Path(tmp))
    result.update(
        date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        command=" ".join(["benchmarks/connectors.py",
                          *(argv if argv is not None else sys.argv[1:])]),
        loadavg_1m_end=round(os.getloadavg()[0], 2),
        duration_s=round(time.perf_counter() - started, 1))
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    md = args.markdown or (None if args.quick else ROOT / "BENCHMARKS.md")
    if md is not None:
        write_markdown(md, markdown(result), MARK_START, MARK_END)
    print(json.dumps({"ratio": result["ratio"], "native_s": result["native_median_s"],
                      "connector_s": result["connector_median_s"]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
