"""Measure import and analytics speed against baselines measured in the same run.

Usage::

    .venv/bin/python benchmarks/run.py [--quick] [--accounts N] [--out benchmarks/results.json]

Starts its own managed Neo4j in a temporary GRAPHPROFILE_HOME (stopped at the end),
generates seeded bundles with ``fixtures/generate.py`` and measures:

* import: rows/s of ``import_bundle`` vs a naive one-MERGE-per-transaction baseline (on a
  sample of people) vs Neo4j's own ``LOAD CSV ... IN TRANSACTIONS`` on the same people.csv;
* one account: influence + gaps + whitespace for accounts of 100, 1,000 and 5,000 people;
* portfolio gaps: ``services.gaps`` over every account of the generated portfolio.

Writes the JSON result and (unless ``--quick``) regenerates the table of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graphprofile import analytics, portfolio, services, summaries  # noqa: E402
from graphprofile.config import Settings  # noqa: E402
from graphprofile.fixtures.generate import generate  # noqa: E402
from graphprofile.graph import account_graph  # noqa: E402
from graphprofile.importer.load import check_bundle  # noqa: E402
from graphprofile.runtime import tune_gc  # noqa: E402
from graphprofile.services import import_bundle, import_checked  # noqa: E402
from graphprofile.store import Store, open_store  # noqa: E402
from graphprofile.store.records import account_snapshot  # noqa: E402
from graphprofile.store.server import LocalServer, free_port  # noqa: E402

CYPHER_DIR = Path(__file__).resolve().parent / "cypher"
MARK_START = "<!-- results:start -->"
MARK_END = "<!-- results:end -->"
AS_OF = date(2026, 11, 23)
SEED = 20261123

TARGET_IMPORT_RATIO = 100.0
TARGET_ACCOUNT_P95_MS = 200.0
TARGET_PORTFOLIO_ACCOUNTS = 10_000
TARGET_PORTFOLIO_S = 60.0
TARGET_PORTFOLIO_RSS_MB = 2048
TARGET_PAGE_MS = 500.0
TARGET_PORTFOLIO_PAGE_MS = 300.0


def statement(name: str) -> str:
    """A baseline statement of benchmarks/cypher/, loaded by name."""
    return (CYPHER_DIR / f"{name}.cypher").read_text(encoding="utf-8")



def peak_rss_mb() -> float:
    """Peak resident set size of this Python process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> dict[str, float]:
    """CPU time (user + system) so far of this process (``python``), of its children that
    ended (``workers``: the validation workers, once their pool is shut), and of its live
    ``java`` children (``server``: the running benchmark server; the baselines' ended)."""
    me, ticks = resource.getrusage(resource.RUSAGE_SELF), os.sysconf("SC_CLK_TCK")
    ended = resource.getrusage(resource.RUSAGE_CHILDREN)
    server = sum((int(fields[11]) + int(fields[12])) / ticks
                 for comm, fields, _proc in children() if comm == "java")
    return {"python": me.ru_utime + me.ru_stime, "workers": ended.ru_utime + ended.ru_stime,
            "server": server}


def children() -> Iterator[tuple[str, list[str], Path]]:
    """``(command name, /proc stat fields after the name, /proc folder)`` of each live
    child of this process."""
    me = str(os.getpid())
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            head, tail = stat.read_text().rsplit(")", 1)
            fields = tail.split()
            if fields[1] == me:
                yield head.split("(", 1)[1], fields, stat.parent
        except (OSError, IndexError):
            continue  # the process ended meanwhile


def cpu_spent(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    spent = {key: round(after[key] - before[key], 2) for key in before}
    return {**spent, "all": round(sum(spent.values()), 2)}


def pct(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of values, linear interpolation between order statistics."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    pos = q * (len(ordered) - 1)
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def summary_ms(seconds: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    return {"p50_ms": round(pct(ms, 0.5), 2), "p95_ms": round(pct(ms, 0.95), 2),
            "mean_ms": round(statistics.fmean(ms), 2), "runs": len(ms)}


def loglog_slope(xs: list[float], ys: list[float]) -> float:
    """Least-squares slope of log(y) against log(x): ~1 is linear, ~2 quadratic."""
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = statistics.fmean(lx), statistics.fmean(ly)
    den = sum((x - mx) ** 2 for x in lx)
    return sum((x - mx) * (y - my) for x, y in zip(lx, ly, strict=True)) / den


SERVER = {"heap": "2g", "pagecache": "2g"}  # the benchmark's server sizing (--heap, --pagecache)
# --server-profile: where each server's flight recording goes (one file per server).
RECORDINGS: list[Path] = []


@contextmanager
def managed_store(home: Path) -> Iterator[Store]:
    """A managed Neo4j of our own in ``home`` (a fresh, empty database when ``home`` is
    new), stopped and its files removed on the way out."""
    jvm: tuple[str, ...] = ()
    if RECORDINGS:
        recording = RECORDINGS[0] / f"{home.name}.jfr"
        jvm = (f"-XX:StartFlightRecording=filename={recording},settings=profile,"
               "dumponexit=true",)
    settings = replace(Settings.from_env(), neo4j_uri=None, home=home,
                       preferred_port=free_port(), jvm_options=jvm, **SERVER)
    server = LocalServer(settings)
    server.start()
    try:
        store = open_store(settings)
        try:
            yield store
        finally:
            store.close()
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


# -- import ---------------------------------------------------------------------------------

def _people_sample(people_csv: Path, limit: int) -> list[dict[str, Any]]:
    with people_csv.open(newline="", encoding="utf-8") as f:
        rows = []
        for i, row in enumerate(csv.DictReader(f)):
            if i >= limit:
                break
            rows.append({k: v for k, v in row.items() if v != ""})
        return rows


def naive_import(store: Store, people_csv: Path, sample: int) -> dict[str, Any]:
    """One MERGE statement and one transaction per person row."""
    query = statement("naive_person")
    rows = _people_sample(people_csv, sample)
    t0 = time.perf_counter()
    for row in rows:
        store.write_tx(lambda tx, row=row: tx.run(
            query, id=row["id"], company_id=row["company_id"], props=row).consume())
    elapsed = time.perf_counter() - t0
    return {"rows": len(rows), "seconds": round(elapsed, 3),
            "rows_per_s": round(len(rows) / elapsed, 1)}


def load_csv_import(store: Store, bundle: Path, rows: int,
                    import_dir: Path) -> dict[str, Any]:
    """Neo4j's server-side LOAD CSV on the same people.csv, doing the same graph work as
    the people phase of import_bundle (employer, department, previous employers, then the
    reporting lines), 5,000 rows a transaction.

    Companies and departments are imported first (not timed), as import_bundle has them
    when it reaches people. The managed server reads files only from
    ``$GRAPHPROFILE_HOME/import``: the file is copied there.
    """
    setup = import_dir.parent / "setup-bundle"
    setup.mkdir(parents=True, exist_ok=True)
    for name in ("companies.csv", "departments.csv"):
        shutil.copyfile(bundle / name, setup / name)
    import_bundle(store, setup)
    import_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(bundle / "people.csv", import_dir / "people.csv")
    url = "file:///people.csv"
    t0 = time.perf_counter()
    try:
        with store.driver.session(database=store.database) as session:
            # CALL { } IN TRANSACTIONS needs an auto-commit transaction.
            for name in ("load_csv_people", "load_csv_people_links"):
                session.run(statement(name), url=url).consume()  # type: ignore[arg-type]
    except Exception as exc:  # noqa: BLE001 - reported, not fatal
        return {"measured": False, "reason": f"{type(exc).__name__}: {str(exc)[:300]}"}
    elapsed = time.perf_counter() - t0
    return {"measured": True, "rows": rows, "seconds": round(elapsed, 3),
            "rows_per_s": round(rows / elapsed, 1), "url": url}


def batched_import(store: Store, bundle: Path) -> dict[str, Any]:
    """import_bundle end to end (its two steps timed apart: validating every file, then
    writing them), with per-file write time from the progress callback."""
    events: list[tuple[str, int, float]] = []
    cpu0 = cpu_seconds()
    t0 = time.perf_counter()
    checked, report = check_bundle(store, bundle)  # what import_bundle does, step by step
    t_write = time.perf_counter()
    cpu1 = cpu_seconds()
    result = import_checked(store, checked, report, label=str(bundle),
                            progress=lambda name, n: events.append((name, n, time.perf_counter())))
    t_end = time.perf_counter()
    cpu2 = cpu_seconds()
    elapsed, write_s = t_end - t0, t_end - t_write
    per_file: dict[str, dict[str, float]] = {}
    prev = t_write
    for name, n, t in events:
        span = per_file.setdefault(name, {"rows": 0, "seconds": 0.0})
        span["rows"] += n
        span["seconds"] += t - prev
        prev = t
    people = per_file.get("people", {"rows": 0, "seconds": 0.0})
    people_links = per_file.get("people links", {"rows": 0, "seconds": 0.0})
    return {
        "rows": result.total,
        "seconds": round(elapsed, 3),
        "rows_per_s": round(result.total / elapsed, 1),
        "validation_s": round(t_write - t0, 3),
        "write_s": round(write_s, 3),
        "write_rows_per_s": round(result.total / max(write_s, 1e-9), 1),
        "people_rows": int(people["rows"]),
        "people_write_s": round(people["seconds"] + people_links["seconds"], 3),
        "people_write_rows_per_s": round(
            people["rows"] / max(people["seconds"] + people_links["seconds"], 1e-9), 1),
        "per_file_write_s": {name: round(span["seconds"], 2) for name, span in per_file.items()},
        "written": result.written,
        # CPU-seconds of each step, by process: what two CPUs can and cannot absorb.
        "cpu_s": {"validation": cpu_spent(cpu0, cpu1), "write": cpu_spent(cpu1, cpu2)},
    }


def bench_import(store: Store, bundle: Path, sample: int, work: Path) -> dict[str, Any]:
    """Naive and LOAD CSV each on a fresh server of their own; import_bundle into
    ``store`` (empty), which the portfolio measurements then use."""
    people_csv = bundle / "people.csv"
    with people_csv.open(encoding="utf-8") as f:
        people_rows = sum(1 for _ in f) - 1
    with managed_store(work / "naive-home") as fresh:
        print("import: naive baseline", file=sys.stderr)
        naive = naive_import(fresh, people_csv, sample)
    with managed_store(work / "load-csv-home") as fresh:
        print("import: LOAD CSV baseline", file=sys.stderr)
        server = load_csv_import(fresh, bundle, people_rows,
                                 work / "load-csv-home" / "import")
    print("import: import_bundle", file=sys.stderr)
    batched = batched_import(store, bundle)
    rss = peak_rss_mb()
    return {
        "people_rows": people_rows,
        "naive": naive,
        "load_csv": server,
        "import_bundle": batched,
        "ratio_vs_naive": round(batched["rows_per_s"] / naive["rows_per_s"], 1),
        "write_ratio_vs_naive": round(batched["write_rows_per_s"] / naive["rows_per_s"], 1),
        "people_ratio_vs_naive": round(
            batched["people_write_rows_per_s"] / naive["rows_per_s"], 1),
        "ratio_vs_load_csv": (round(batched["rows_per_s"] / server["rows_per_s"], 2)
                              if server["measured"] else None),
        "people_ratio_vs_load_csv": (
            round(batched["people_write_rows_per_s"] / server["rows_per_s"], 2)
            if server["measured"] else None),
        "peak_python_rss_mb": round(rss, 1),
    }


# -- pages ----------------------------------------------------------------------------------

def web_client(store: Store) -> Any:
    """A Flask test client of the real app on ``store`` (single-user: no sign-in)."""
    from web import create_app

    app = create_app(store, {"TESTING": True, "SINGLE_USER": True,
                             "DEFAULT_AS_OF": AS_OF.isoformat()})
    return app.test_client()


def page_times(client: Any, paths: list[str], runs: int, warmup: int) -> dict[str, Any]:
    """Server time of GET requests (routing, store, analytics, template), ``runs`` rounds
    over ``paths`` after ``warmup`` rounds; every answer must be 200."""
    def get(path: str) -> float:
        t0 = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - t0
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}")
        return elapsed

    for _ in range(warmup):
        for path in paths:
            get(path)
    return {**summary_ms([get(path) for _ in range(runs) for path in paths]),
            "paths": paths}


# -- one account ----------------------------------------------------------------------------

def account_services(store: Store, cid: str) -> None:
    """What a page of one account asks: influence, gaps and whitespace."""
    services.influence(store, cid)
    services.gaps(store, cid, as_of=AS_OF)
    services.whitespace(store, cid, as_of=AS_OF)


def _split_run(store: Store, cid: str) -> tuple[float, float, float]:
    """Store load, graph build and analytics of one account, one snapshot shared."""
    t0 = time.perf_counter()
    snapshot = account_snapshot(store, cid)
    peers = services.peer_stats(store)
    t1 = time.perf_counter()
    graph = account_graph(snapshot)
    t2 = time.perf_counter()
    analytics.influence(graph)
    analytics.reporting_loops(graph)
    analytics.gaps(graph, as_of=AS_OF)
    analytics.whitespace(graph, peers=peers, as_of=AS_OF)
    t3 = time.perf_counter()
    return t1 - t0, t2 - t1, t3 - t2


def bench_account(store: Store, work: Path, people: int, runs: int,
                  warmup: int) -> dict[str, Any]:
    bundle = work / f"account-{people}"
    generate(bundle, 1, SEED + people, people_per_account=people)
    store.clear()
    import_bundle(store, bundle)
    cid = services.account_ids(store)[0]
    for _ in range(warmup):
        account_services(store, cid)
        _split_run(store, cid)
    peers = services.peer_stats(store)
    for _ in range(warmup):
        services.account_report(store, cid, as_of=AS_OF, peers=peers)
    e2e, load, build, compute, report = [], [], [], [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        account_services(store, cid)
        e2e.append(time.perf_counter() - t0)
    for _ in range(runs):
        t0 = time.perf_counter()
        services.account_report(store, cid, as_of=AS_OF, peers=peers)
        report.append(time.perf_counter() - t0)
    for _ in range(runs):
        a, b, c = _split_run(store, cid)
        load.append(a)
        build.append(b)
        compute.append(c)
    page = page_times(web_client(store), [f"/accounts/{cid}"], runs, warmup)
    return {"people": people, "company_id": cid, "warmup": warmup,
            "services": summary_ms(e2e), "account_report": summary_ms(report),
            "store_load": summary_ms(load),
            "graph_build": summary_ms(build), "analytics": summary_ms(compute),
            "account_page": page}


def profile_account(store: Store, work: Path, people: int, out: Path) -> str | None:
    """One pyinstrument profile of the services of an account; None without pyinstrument."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        return None
    bundle = work / f"account-{people}"
    if not bundle.exists():
        generate(bundle, 1, SEED + people, people_per_account=people)
    store.clear()
    import_bundle(store, bundle)
    cid = services.account_ids(store)[0]
    for _ in range(3):  # warm, as the timed runs are: plans cached, the server's JIT hot
        account_services(store, cid)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    account_services(store, cid)
    profiler.stop()
    out.write_text(profiler.output_text(unicode=False, color=False, show_all=False),
                   encoding="utf-8")
    return str(out.relative_to(ROOT)) if out.is_relative_to(ROOT) else str(out)


# -- portfolio ------------------------------------------------------------------------------

class WorkerRss:
    """Samples the peak RSS (VmHWM) of this process's Python children (the portfolio
    workers) while it runs; the JVMs, children too, are left out by name."""

    def __init__(self, every_s: float = 0.2):
        self.peak_mb = 0.0
        self._every = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        for comm, _fields, proc in children():
            if not comm.startswith("python"):
                continue
            try:
                for line in (proc / "status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        self.peak_mb = max(self.peak_mb, int(line.split()[1]) / 1024)
            except (OSError, IndexError, ValueError):
                continue  # the process ended meanwhile

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            self._sample()

    def __enter__(self) -> WorkerRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


PORTFOLIO_PAGES = [
    "/", "/?sort=coverage&desc=1", "/?sort=audit&page=7", "/?flag=at_risk&sort=open&desc=1",
    "/?search=a&page=2",
]


def bench_portfolio(store: Store, runs: int, warmup: int) -> dict[str, Any]:
    """Gaps of every account, the stored summaries of every account, and the portfolio
    page on top of them."""
    ids = services.account_ids(store)
    rss_before = peak_rss_mb()
    with WorkerRss() as workers:
        t0 = time.perf_counter()
        found = services.gaps(store, as_of=AS_OF)
        gaps_s = time.perf_counter() - t0
    gaps_rss = peak_rss_mb()
    assert len(found["companies"]) == len(ids)
    t0 = time.perf_counter()
    rows = summaries.refresh(store, ids, as_of=AS_OF)
    refresh_s = time.perf_counter() - t0
    assert len(rows) == len(ids)
    client = web_client(store)
    pages = page_times(client, PORTFOLIO_PAGES, runs, warmup)
    return {
        "accounts": len(ids), "workers": portfolio.default_workers(),
        "gaps": {"seconds": round(gaps_s, 2),
                 "per_account_ms": round(gaps_s / len(ids) * 1000, 2),
                 "peak_python_rss_mb": round(max(gaps_rss, rss_before), 1),
                 "grew_rss_mb": round(gaps_rss - rss_before, 1),
                 "peak_worker_rss_mb": round(workers.peak_mb, 1)},
        "summaries_refresh": {"seconds": round(refresh_s, 2),
                              "per_account_ms": round(refresh_s / len(ids) * 1000, 2)},
        "portfolio_page": pages,
    }


# -- report ---------------------------------------------------------------------------------

def machine(store: Store) -> dict[str, Any]:
    cpu = "unknown"
    mem_gb = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    row = store.read_tx(lambda tx: tx.run(statement("neo4j_version")).single())
    return {"nproc": os.cpu_count(), "ram_gb": mem_gb, "cpu": cpu,
            "python": platform.python_version(), "platform": platform.platform(),
            "neo4j": f"{row['name']} {row['version']} {row['edition']}" if row else "unknown",
            "loadavg_1m_start": round(os.getloadavg()[0], 2)}


def _status(ok: bool | None) -> str:
    return "not measured at this size" if ok is None else "met" if ok else "not met"


def targets(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    imp, port = result["import"], result["portfolio"]
    acct = {a["people"]: a for a in result["account"]["sizes"]}
    one_k = acct.get(1000)
    full = port["accounts"] >= TARGET_PORTFOLIO_ACCOUNTS
    csv_ratio = imp["ratio_vs_load_csv"]
    gaps = port["gaps"]
    page = port["portfolio_page"]
    return {
        "import_100x_naive": {
            "target": f"import >= {TARGET_IMPORT_RATIO:g}x naive",
            "status": _status(imp["ratio_vs_naive"] >= TARGET_IMPORT_RATIO),
            "measured": (f"{imp['ratio_vs_naive']}x end to end; write phase (every file, "
                         f"after validation) {imp['write_ratio_vs_naive']}x; people write "
                         f"phase {imp['people_ratio_vs_naive']}x"),
        },
        "import_vs_load_csv": {
            "target": "import at least as fast as LOAD CSV ... IN TRANSACTIONS",
            "status": _status(None if csv_ratio is None else csv_ratio >= 1.0),
            "measured": ("LOAD CSV not measured" if csv_ratio is None else
                         f"{csv_ratio}x end to end ({imp['people_ratio_vs_load_csv']}x people "
                         "write phase, same file and graph work)"),
        },
        "account_1000_p95": {
            "target": f"one 1,000-person account <= {TARGET_ACCOUNT_P95_MS:g} ms p95",
            "status": _status(None if one_k is None else
                              one_k["account_report"]["p95_ms"] <= TARGET_ACCOUNT_P95_MS),
            "measured": (None if one_k is None else
                         f"{one_k['account_report']['p95_ms']} ms p95 (`account_report`, one "
                         f"load); {one_k['services']['p95_ms']} ms p95 as three service calls"),
        },
        "account_page_1000_p95": {
            "target": f"account page of a 1,000-person account <= {TARGET_PAGE_MS:g} ms p95",
            "status": _status(None if one_k is None else
                              one_k["account_page"]["p95_ms"] <= TARGET_PAGE_MS),
            "measured": None if one_k is None else f"{one_k['account_page']['p95_ms']} ms p95",
        },
        "portfolio_gaps_10k": {
            "target": (f"portfolio gaps {TARGET_PORTFOLIO_ACCOUNTS:,} accounts "
                       f"<= {TARGET_PORTFOLIO_S:g} s, peak Python RSS <= "
                       f"{TARGET_PORTFOLIO_RSS_MB:,} MB"),
            "status": _status(full and gaps["seconds"] <= TARGET_PORTFOLIO_S
                              and gaps["peak_python_rss_mb"] <= TARGET_PORTFOLIO_RSS_MB
                              and gaps["peak_worker_rss_mb"] <= TARGET_PORTFOLIO_RSS_MB
                              if full else None),
            "measured": (f"{gaps['seconds']} s for {port['accounts']:,} accounts "
                         f"({port['workers']} workers); peak RSS "
                         f"{gaps['peak_python_rss_mb']:.0f} MB "
                         f"(main), {gaps['peak_worker_rss_mb']:.0f} MB (largest worker)"),
        },
        "portfolio_page_10k": {
            "target": (f"portfolio page with {TARGET_PORTFOLIO_ACCOUNTS:,} accounts "
                       f"< {TARGET_PORTFOLIO_PAGE_MS:g} ms"),
            "status": _status(page["p95_ms"] < TARGET_PORTFOLIO_PAGE_MS if full else None),
            "measured": (f"{page['p95_ms']} ms p95, {page['p50_ms']} ms p50 with "
                         f"{port['accounts']:,} accounts"),
        },
    }


def cpu_lines(batched: dict[str, Any], cpus: int | None) -> list[str]:
    """The import's CPU time by step and process, as a small table."""
    cpu = batched.get("cpu_s")
    if not cpu:
        return []
    lines = [
        "CPU time of the import's two steps, in CPU-seconds (this process; its validation "
        "workers; the server):",
        "",
        "| step | wall | this process | workers | server | all | CPUs busy |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for step, wall in (("validation", batched["validation_s"]), ("write", batched["write_s"])):
        c = cpu[step]
        busy = f"{c['all'] / wall:.2f} of {cpus}" if wall and cpus else "-"
        lines.append(f"| {step} | {wall:.1f} s | {c['python']:.1f} | {c['workers']:.1f} | "
                     f"{c['server']:.1f} | {c['all']:.1f} | {busy} |")
    return lines


def markdown(result: dict[str, Any]) -> str:
    m, imp, port = result["machine"], result["import"], result["portfolio"]
    srv, page = result["server"], result["portfolio"]["portfolio_page"]
    lines = [
        MARK_START,
        "<!-- generated by benchmarks/run.py; edit outside these markers -->",
        f"Run {result['date']} with `{result['command']}` "
        f"({result['duration_s']:.0f} s in all).",
        "",
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['ram_gb']} GB RAM, Python {m['python']}, "
        f"{m['neo4j']} (managed embedded server, heap {srv['heap']}, page cache "
        f"{srv['pagecache']}), {m['platform']}.",
        "",
    ]
    if "loadavg_1m_start" in m:
        lines += [
            f"1-minute load average at start / end of the run: {m['loadavg_1m_start']} / "
            f"{result['loadavg_1m_end']} (above {m['nproc']}: other processes competed for "
            "the CPUs and the timings are pessimistic).",
            "",
        ]
    lines += [
        f"Portfolio: {result['accounts']} accounts, {imp['people_rows']:,} people, "
        f"{imp['import_bundle']['rows']:,} rows in all (seed {SEED}).",
        "",
        "### Import",
        "",
        "| loader | rows | time | rows/s | ratio of import_bundle to it |",
        "|---|---:|---:|---:|---:|",
    ]
    b, n, s = imp["import_bundle"], imp["naive"], imp["load_csv"]
    lines += [
        f"| `import_bundle` (validate all, then UNWIND 5,000/tx), every file | {b['rows']:,} | "
        f"{b['seconds']:.1f} s | {b['rows_per_s']:,.0f} | - |",
        f"| `import_bundle`, write phase only (every file, after validation) | {b['rows']:,} | "
        f"{b['write_s']:.1f} s | {b['write_rows_per_s']:,.0f} | - |",
        f"| `import_bundle`, people.csv write phase only (nodes + links) | {b['people_rows']:,} | "
        f"{b['people_write_s']:.1f} s | {b['people_write_rows_per_s']:,.0f} | - |",
        f"| naive: 1 MERGE statement + 1 transaction per person row (first {n['rows']:,}) | "
        f"{n['rows']:,} | {n['seconds']:.1f} s | {n['rows_per_s']:,.0f} | "
        f"{imp['ratio_vs_naive']}x (write phase {imp['write_ratio_vs_naive']}x, people phase "
        f"{imp['people_ratio_vs_naive']}x) |",
    ]
    if s["measured"]:
        lines.append(
            f"| `LOAD CSV` people.csv, the people phase's graph work (employer, department, "
            f"previous employers; then reporting lines), `CALL {{}} IN TRANSACTIONS OF 5000 "
            f"ROWS` | {s['rows']:,} | {s['seconds']:.1f} s | {s['rows_per_s']:,.0f} | "
            f"{imp['ratio_vs_load_csv']}x (people phase {imp['people_ratio_vs_load_csv']}x) |")
    else:
        lines.append(f"| `LOAD CSV` | - | - | not measured: {s['reason']} | - |")
    lines += [
        "",
        f"Validation of every file by `import_bundle` (nothing is written before it ends): "
        f"{b['validation_s']:.1f} s. Write time per file: "
        + ", ".join(f"{name} {sec:.1f} s" for name, sec in b["per_file_write_s"].items())
        + ". "
        f"Peak Python RSS after the import: {imp['peak_python_rss_mb']:.0f} MB "
        f"(whole run: {result['peak_python_rss_mb']:.0f} MB).",
        "",
        *cpu_lines(b, result["machine"]["nproc"]),
        "",
        "### One account: influence + gaps + whitespace",
        "",
        "`services.*` calls as the CLI makes them (each loads the account again); "
        "`account_report` answers the three from one load (what a page uses); the split "
        "loads one snapshot (+ peer stats) and runs the four analytics on one graph.",
        "",
        "| people | services p50 | services p95 | account_report p50 | account_report p95 "
        "| store load p50 | graph build p50 | analytics p50 | analytics p95 "
        "| account page p50 | account page p95 | runs |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for a in result["account"]["sizes"]:
        lines.append(
            f"| {a['people']:,} | {a['services']['p50_ms']:.1f} ms | "
            f"{a['services']['p95_ms']:.1f} ms | {a['account_report']['p50_ms']:.1f} ms | "
            f"{a['account_report']['p95_ms']:.1f} ms | {a['store_load']['p50_ms']:.1f} ms | "
            f"{a['graph_build']['p50_ms']:.1f} ms | "
            f"{a['analytics']['p50_ms']:.1f} ms | {a['analytics']['p95_ms']:.1f} ms | "
            f"{a['account_page']['p50_ms']:.1f} ms | {a['account_page']['p95_ms']:.1f} ms | "
            f"{a['services']['runs']} (+{a['warmup']} warm-up) |")
    sl = result["account"]["slope"]
    lines += [
        "",
        f"Log-log slope of p50 time vs people: services {sl['services']:.2f}, "
        f"account_report {sl['account_report']:.2f}, store load "
        f"{sl['store_load']:.2f}, graph build {sl['graph_build']:.2f}, analytics "
        f"{sl['analytics']:.2f}, account page {sl['account_page']:.2f} (1.0 = linear). "
        "The account page is the server time of `GET /accounts/<id>` through Flask's "
        "test client (store, analytics, org chart data and template).",
        "",
        "### Portfolio",
        "",
        f"After the import above, on the same server, {port['accounts']:,} accounts, "
        f"{port['workers']} worker processes:",
        "",
        f"- `services.gaps(store, as_of=...)` over every account: "
        f"{port['gaps']['seconds']:.1f} s, {port['gaps']['per_account_ms']:.2f} ms per "
        f"account. Peak Python RSS: {port['gaps']['peak_python_rss_mb']:.0f} MB in the main "
        f"process (it grew {port['gaps']['grew_rss_mb']:.0f} MB during the run), "
        f"{port['gaps']['peak_worker_rss_mb']:.0f} MB in the largest worker.",
        f"- `summaries.refresh` of every account (what the portfolio, gaps and cross-sell "
        f"pages read): {port['summaries_refresh']['seconds']:.1f} s, "
        f"{port['summaries_refresh']['per_account_ms']:.2f} ms per account.",
        f"- Portfolio page on the stored summaries, {len(page['paths'])} "
        f"sorts/filters/pages x {page['runs'] // len(page['paths'])} rounds: "
        f"p50 {page['p50_ms']:.1f} ms, p95 {page['p95_ms']:.1f} ms.",
        "",
        "### Targets of the issue",
        "",
        "| target | status | measured |",
        "|---|---|---|",
    ]
    for t in result["targets"].values():
        lines.append(f"| {t['target']} | **{t['status']}** | {t['measured']} |")
    lines.append(MARK_END)
    return "\n".join(lines)


def write_markdown(path: Path, table: str, start: str = MARK_START,
                   end: str = MARK_END) -> None:
    """Put ``table`` (which begins with ``start`` and ends with ``end``) in place of the
    section between those markers of ``path``, or at its end."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        tail = rest.split(end, 1)[1]
        text = head + table + tail
    else:
        text = text.rstrip("\n") + "\n\n" + table + "\n"
    path.write_text(text, encoding="utf-8")


# -- main -----------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="tiny sizes, for a smoke test (timings mean nothing)")
    parser.add_argument("--accounts", type=int, default=None,
                        help="portfolio size (default 300, quick 5)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.json")
    parser.add_argument("--markdown", type=Path, default=None,
                        help="table to regenerate (default BENCHMARKS.md, none with --quick)")
    parser.add_argument("--profile", action="store_true",
                        help="also write a pyinstrument profile of a 1,000-person account")
    parser.add_argument("--heap", default=SERVER["heap"],
                        help=f"heap of the benchmark's Neo4j (default {SERVER['heap']})")
    parser.add_argument("--pagecache", default=SERVER["pagecache"],
                        help=f"page cache of its Neo4j (default {SERVER['pagecache']})")
    parser.add_argument("--server-profile", type=Path, default=None, metavar="DIR",
                        help="record every benchmark server with Java Flight Recorder into "
                             "DIR (one .jfr per server; summarise with "
                             "benchmarks/jfr_top.py)")
    args = parser.parse_args(argv)
    SERVER.update(heap=args.heap, pagecache=args.pagecache)
    if args.server_profile is not None:
        args.server_profile.mkdir(parents=True, exist_ok=True)
        RECORDINGS[:] = [args.server_profile.resolve()]
    tune_gc()  # as the CLI, the web server and the workers do (graphprofile/runtime.py)
    quick = args.quick
    accounts = args.accounts or (3 if quick else 300)
    sizes = [10, 30] if quick else [100, 1000, 5000]
    runs, warmup = (3, 1) if quick else (20, 3)
    sample = 30 if quick else 2000
    md_path = args.markdown or (None if quick else ROOT / "BENCHMARKS.md")

    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="graphprofile-bench-"))
    result: dict[str, Any] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": " ".join(["benchmarks/run.py", *(argv if argv is not None else sys.argv[1:])]),
        "quick": quick, "accounts": accounts, "seed": SEED, "as_of": AS_OF.isoformat(),
        "server": dict(SERVER),
    }
    try:
        phases: dict[str, float] = {}
        result["phase_s"] = phases
        mark = time.perf_counter()

        def phase(name: str) -> None:
            nonlocal mark
            now = time.perf_counter()
            phases[name] = round(now - mark, 1)
            mark = now

        bundle = tmp / "portfolio"
        generate(bundle, accounts, SEED)
        phase("generate")
        # One account at a time, each imported alone into a server of its own.
        with managed_store(tmp / "account-home") as store:
            result["machine"] = machine(store)
            sizes_out = []
            for people in sizes:
                print(f"one account: {people} people", file=sys.stderr)
                sizes_out.append(bench_account(store, tmp, people, runs, warmup))
            slope = {
                key: round(loglog_slope([a["people"] for a in sizes_out],
                                        [a[key]["p50_ms"] for a in sizes_out]), 2)
                for key in ("services", "account_report", "store_load", "graph_build",
                            "analytics", "account_page")
            }
            result["account"] = {"sizes": sizes_out, "slope": slope}
            if args.profile:
                print("profile: 1,000 people", file=sys.stderr)
                result["profile"] = profile_account(
                    store, tmp, 1000, ROOT / "benchmarks" / "profile_account_1000.txt")
        phase("one_account")
        with managed_store(tmp / "home") as store:
            print(f"import: {accounts} accounts", file=sys.stderr)
            result["import"] = bench_import(store, bundle, sample, tmp)
            phase("import")
            print("portfolio: gaps, summaries, page", file=sys.stderr)
            result["portfolio"] = bench_portfolio(store, runs, warmup)
            phase("portfolio")
        phase("server_stop")
        result["loadavg_1m_end"] = round(os.getloadavg()[0], 2)
        result["peak_python_rss_mb"] = round(peak_rss_mb(), 1)
        result["duration_s"] = round(time.perf_counter() - started, 1)
        result["targets"] = targets(result)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if md_path is not None:
        write_markdown(md_path, markdown(result))
    print(json.dumps(result["targets"], indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
