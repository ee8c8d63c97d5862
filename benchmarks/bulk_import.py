"""First load and nightly re-sync of a large portfolio, each against the ordinary import.

Usage::

    .venv/bin/python benchmarks/bulk_import.py [--accounts 10000] [--quick]
        [--out benchmarks/bulk_import.json]

Generates a seeded bundle (``fixtures/generate.py``) and, in one run on one machine:

1. **baseline**: ``services.import_bundle`` of the bundle into an empty managed store
   (store A), end to end (checks, writes, summaries forgotten, history baseline);
2. **initial**: ``services.initial_import.import_initial`` of the same bundle into another
   empty managed store (store B), end to end (checks, the importer's files, Neo4j's
   offline importer, the server started again, indexes online); the two stores'
   exports must be byte-equal;
3. **unchanged**: the same bundle imported again into store A (every row recognised by
   its stored hash);
4. **1 % changed**: a copy with one row in a hundred of every file edited in a text
   column, imported into store A; then a clean (offline) import of that copy into a new
   store C, whose export must equal store A's;
5. **1 % of accounts changed**: every company, department, person and deal row of one
   account in a hundred edited, imported into store A.

Reports each time, the ratios (baseline / initial, baseline / unchanged, 1 %-changed /
baseline against the 1 % share of rows) and writes the JSON result and (unless
``--quick``) the bulk section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from run import SERVER, machine, write_markdown  # noqa: E402

from graphprofile.config import Settings  # noqa: E402
from graphprofile.fixtures.generate import generate  # noqa: E402
from graphprofile.runtime import tune_gc  # noqa: E402
from graphprofile.services import export_bundle, import_bundle  # noqa: E402
from graphprofile.services.initial_import import import_initial  # noqa: E402
from graphprofile.store import open_store  # noqa: E402
from graphprofile.store.server import LocalServer, free_port  # noqa: E402

MARK_START = "<!-- bulk:start -->"
MARK_END = "<!-- bulk:end -->"
SEED = 20261123
# The column edited in each file of the 1 %-changed copy: text no key or reference reads.
EDITED = {"companies": "overview", "departments": "name", "people": "title",
          "influence": "note", "relationships": "source", "opportunities": "name",
          "roles": "note", "interactions": "summary", "deployments": "status"}
EVERY = 100  # one row in EVERY is edited


def settings_for(home: Path) -> Settings:
    return replace(Settings.from_env(), neo4j_uri=None, home=home,
                   preferred_port=free_port(), **SERVER)


@contextmanager
def stopped_after(settings: Settings) -> Iterator[Settings]:
    try:
        yield settings
    finally:
        LocalServer(settings).stop()
        shutil.rmtree(settings.home, ignore_errors=True)


def _edit_file(path: Path, edit: Callable[[list[str], list[dict[str, str]]], int]) -> int:
    """Rewrite the CSV file ``path`` after ``edit(header, rows)`` changed its rows in place;
    returns what ``edit`` returns (the rows it edited)."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = list(reader.fieldnames or []), list(reader)
    changed = edit(fields, rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return changed


def edited_copy(bundle: Path, out: Path) -> int:
    """``bundle`` copied to ``out`` with one row in EVERY of each file edited; returns the
    number of rows edited."""
    shutil.copytree(bundle, out)

    def every_hundredth(name: str, column: str) -> Callable[[list[str], list[dict]], int]:
        def edit(fields: list[str], rows: list[dict[str, str]]) -> int:
            if column not in fields:
                return 0
            for row in rows[::EVERY]:
                if name == "deployments":
                    row[column] = "trial" if row[column] != "trial" else "active"
                else:
                    row[column] = f"{row[column] or name} (edited)"
            return len(rows[::EVERY])
        return edit

    return sum(_edit_file(out / f"{name}.csv", every_hundredth(name, column))
               for name, column in EDITED.items() if (out / f"{name}.csv").exists())


def accounts_edited_copy(bundle: Path, out: Path) -> tuple[int, int]:
    """``bundle`` copied to ``out`` with every company, department, person and deal row of
    one account in EVERY edited; returns (accounts, rows edited)."""
    shutil.copytree(bundle, out)
    with (bundle / "companies.csv").open(encoding="utf-8", newline="") as f:
        ids = [row["id"] for row in csv.DictReader(f)]
    chosen = set(ids[::EVERY])

    def of_chosen(name: str, owner: str) -> Callable[[list[str], list[dict]], int]:
        def edit(_fields: list[str], rows: list[dict[str, str]]) -> int:
            mine = [row for row in rows if row[owner] in chosen]
            for row in mine:
                row[EDITED[name]] = f"{row[EDITED[name]] or name} (edited)"
            return len(mine)
        return edit

    changed = sum(_edit_file(out / f"{name}.csv", of_chosen(name, owner))
                  for name, owner in (("companies", "id"), ("departments", "company_id"),
                                      ("people", "company_id"),
                                      ("opportunities", "company_id")))
    return len(chosen), changed


def rows_of(bundle: Path) -> int:
    total = 0
    for path in bundle.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as f:
            total += sum(1 for _ in csv.reader(f)) - 1
    return total


def equal_exports(a: Path, b: Path) -> bool:
    files = sorted(p.name for p in a.iterdir())
    if files != sorted(p.name for p in b.iterdir()):
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, files, shallow=False)
    return not mismatch and not errors


def exported(settings: Settings, out: Path) -> Path:
    with open_store(settings) as store:
        export_bundle(store, out)
    return out


def timed(what: str, work: Any) -> tuple[float, Any]:
    print(f"{what} ...", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    value = work()
    seconds = round(time.perf_counter() - t0, 2)
    print(f"{what}: {seconds} s", file=sys.stderr, flush=True)
    return seconds, value


def bench(accounts: int, tmp: Path) -> dict[str, Any]:
    bundle = tmp / "bundle"
    generate(bundle, accounts, SEED)
    rows = rows_of(bundle)
    changed_bundle = tmp / "changed"
    changed = edited_copy(bundle, changed_bundle)
    result: dict[str, Any] = {"accounts": accounts, "rows": rows, "changed_rows": changed}
    a = settings_for(tmp / "home-a")
    with stopped_after(a):
        with open_store(a) as store:
            result["baseline_s"], _ = timed("baseline import", lambda: import_bundle(
                store, bundle, on=date(2026, 11, 1)))
            result["machine"] = machine(store)
        exported(a, tmp / "export-a")
        b = settings_for(tmp / "home-b")
        with stopped_after(b):
            result["initial_s"], _ = timed("initial import", lambda: import_initial(b, bundle))
            result["initial_equal_export"] = equal_exports(tmp / "export-a",
                                                           exported(b, tmp / "export-b"))
        with open_store(a) as store:
            result["unchanged_s"], done = timed("unchanged re-import", lambda: import_bundle(
                store, bundle, on=date(2026, 11, 2)))
            result["unchanged_rows_written"] = done.total
            result["changed_s"], done = timed("1 % changed re-import", lambda: import_bundle(
                store, changed_bundle, on=date(2026, 11, 3)))
            result["changed_rows_written"] = done.total
        exported(a, tmp / "export-a1")
        c = settings_for(tmp / "home-c")
        with stopped_after(c):
            import_initial(c, changed_bundle)
            result["resync_equal_export"] = equal_exports(tmp / "export-a1",
                                                          exported(c, tmp / "export-c"))
        # the same share of rows, all in one account in a hundred (a few accounts updated)
        few = tmp / "few-accounts"
        result["few_accounts"], result["few_accounts_rows"] = accounts_edited_copy(
            changed_bundle, few)
        with open_store(a) as store:
            result["few_accounts_s"], done = timed("1 % of accounts re-import", lambda: (
                import_bundle(store, few, on=date(2026, 11, 4))))
            result["few_accounts_rows_written"] = done.total
    base = result["baseline_s"]
    result["initial_speedup"] = round(base / result["initial_s"], 2)
    result["unchanged_speedup"] = round(base / result["unchanged_s"], 2)
    result["changed_share_of_rows"] = round(changed / rows, 4)
    result["changed_share_of_time"] = round(result["changed_s"] / base, 4)
    result["few_accounts_share_of_rows"] = round(result["few_accounts_rows"] / rows, 4)
    result["few_accounts_share_of_time"] = round(result["few_accounts_s"] / base, 4)
    return result


def against(speedup: float) -> str:
    """A speed-up as read in the table: faster, or how many times slower."""
    if speedup >= 1:
        return f"**{speedup}x faster**"
    return f"**{1 / speedup:.2f}x slower**"


def markdown(r: dict[str, Any]) -> str:
    share = r["changed_share_of_rows"]
    lines = [
        MARK_START,
        "## First load and re-sync",
        "",
        f"`benchmarks/bulk_import.py` ({r['date']}): {r['accounts']:,} generated accounts, "
        f"{r['rows']:,} rows, one run on {r['machine'].get('nproc')} CPUs. Every time is "
        "end to end and measured against the ordinary first import of the same run.",
        "",
        "| import | seconds | against the first import | export equal |",
        "|---|---|---|---|",
        f"| ordinary first import (baseline) | {r['baseline_s']} | 1x | |",
        f"| `import --initial` (offline importer) | {r['initial_s']} | "
        f"{against(r['initial_speedup'])} | {'yes' if r['initial_equal_export'] else 'NO'} |",
        f"| the same bundle again (unchanged) | {r['unchanged_s']} | "
        f"{against(r['unchanged_speedup'])} ({r['unchanged_rows_written']} rows written) | |",
        f"| {r['changed_rows']:,} rows changed ({share:.1%} of the rows) | {r['changed_s']} | "
        f"{r['changed_share_of_time']:.1%} of its time ({r['changed_rows_written']:,} rows "
        f"written) | {'yes' if r['resync_equal_export'] else 'NO'} (against a clean import) |",
        f"| {r['few_accounts_rows']:,} rows of {r['few_accounts']} accounts changed "
        f"({r['few_accounts_share_of_rows']:.1%} of the rows) | {r['few_accounts_s']} | "
        f"{r['few_accounts_share_of_time']:.1%} of its time | |",
        "",
        "The 1 % of rows edited one in a hundred across every file touches nearly every "
        "account, so the import history reads nearly every account before and after; the "
        "same share of rows in one account in a hundred touches only those.",
        MARK_END,
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true",
                        help="20 accounts (timings mean nothing)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "bulk_import.json")
    args = parser.parse_args(argv)
    if args.quick:
        args.accounts = 20
    tune_gc()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="graphprofile-bench-bulk-") as tmp:
        result = bench(args.accounts, Path(tmp))
    result.update(date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                  loadavg_1m_end=round(os.getloadavg()[0], 2),
                  duration_s=round(time.perf_counter() - started, 1))
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if not args.quick:
        write_markdown(ROOT / "BENCHMARKS.md", markdown(result), MARK_START, MARK_END)
    print(json.dumps({k: result[k] for k in (
        "baseline_s", "initial_s", "initial_speedup", "initial_equal_export", "unchanged_s",
        "unchanged_speedup", "changed_s", "changed_share_of_rows", "changed_share_of_time",
        "resync_equal_export", "few_accounts_s", "few_accounts_share_of_time")}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
