"""Load test on loopback: many concurrent clients on the portfolio, account and API pages,
against both web servers in one run.

Starts a managed Neo4j of its own in a temporary home and imports a generated portfolio.
Then, one after the other, it serves the app the way ``graphprofile serve`` does, as a
subprocess of the CLI with ``NEO4J_URI`` pointing at that Neo4j: first with ``--dev``
(Werkzeug's threaded server in one process), then the production server (gunicorn with
its default workers and threads, access log to a file). After one warm-up request each
(the stored summaries are computed before either), ``wrk`` (Debian's package) runs for
a bounded time with a fixed number of connections, cycling through portfolio, account
and API URLs. Prints and writes ``benchmarks/load.json`` (requests, errors,
p50/p95/p99 latency per server, the throughput ratio, the 1-minute load average) and
regenerates the section of README.md between ``<!-- load:start -->`` and
``<!-- load:end -->``. Traffic never leaves the loopback interface.

    .venv/bin/python benchmarks/load.py [--accounts 1000] [--clients 50] [--seconds 60]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graphprofile import services  # noqa: E402
from graphprofile.config import Settings  # noqa: E402
from graphprofile.fixtures.generate import generate  # noqa: E402
from graphprofile.services import import_bundle  # noqa: E402
from graphprofile.store import open_store  # noqa: E402
from graphprofile.store.server import LocalServer, free_port  # noqa: E402

AS_OF = "2026-11-23"

# wrk cycles through the paths in $PATHS_FILE and reports p50/p95/p99 and errors as JSON.
WRK_SCRIPT = r"""
local paths = {}
for line in io.lines(os.getenv("PATHS_FILE")) do paths[#paths + 1] = line end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "non_2xx_3xx": %d, "connect": %d, "read": %d, ' ..
    '"write": %d, "timeout": %d, "p50_ms": %.1f, "p95_ms": %.1f, "p99_ms": %.1f, ' ..
    '"max_ms": %.1f}\n',
    summary.requests, summary.duration / 1e6, e.status, e.connect, e.read, e.write,
    e.timeout, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
"""



def _paths(store, accounts: list[str]) -> list[str]:
    sample = accounts[:: max(1, len(accounts) // 50)][:50]
    people = [rows[-1]["id"] for company in sample
              if (rows := store.read("account_people_brief", company_ids=[company])[0]["rows"])]
    paths = []
    for i, company in enumerate(sample):
        paths.append(f"/?as_of={AS_OF}&page={i % 5 + 1}")
        paths.append(f"/accounts/{company}?as_of={AS_OF}")
        paths.append(f"/api/accounts/{company}/audit?as_of={AS_OF}")
        paths.append(f"/api/gaps?company={company}&as_of={AS_OF}")
        if i < len(people):
            paths.append(f"/api/people/{people[i]}/paths?as_of={AS_OF}")
    return paths


SERVERS = (("werkzeug", ["--dev"]), ("gunicorn", []))
README = ROOT / "README.md"
BENCHMARKS = ROOT / "BENCHMARKS.md"
START, END = "<!-- load:start -->", "<!-- load:end -->"


def _serve(name: str, flags: list[str], port: int, env: dict[str, str], tmp: Path
           ) -> subprocess.Popen[bytes]:
    with open(tmp / f"{name}.out", "wb") as log:  # the child keeps its own copy
        return subprocess.Popen(
            [sys.executable, "-m", "graphprofile.cli", "serve", "--single-user",
             "--port", str(port), *flags, "--access-log", str(tmp / f"{name}-access.log")],
            env=env, cwd=tmp, stdin=subprocess.DEVNULL, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)


def _wait_for(proc: subprocess.Popen[bytes], url: str, out: Path) -> float:
    """Seconds until ``url`` first answers 200 (the server's start and one page)."""
    t0 = time.perf_counter()
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited {proc.returncode}:\n{out.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=600) as response:
                assert response.status == 200, response.status
                return time.perf_counter() - t0
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer:\n{out.read_text()}")


def _wrk(base: str, clients: int, seconds: int, tmp: Path) -> dict[str, Any]:
    script = tmp / "cycle.lua"
    script.write_text(WRK_SCRIPT)
    done = subprocess.run(
        ["wrk", "-t", "2", "-c", str(clients), "-d", f"{seconds}s",
         "--timeout", "30s", "-s", str(script), base],
        env={"PATHS_FILE": str(tmp / "paths.txt"), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=seconds + 120, check=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    errors = sum(figures[k] for k in ("non_2xx_3xx", "connect", "read", "write", "timeout"))
    return {**figures, "errors": errors,
            "requests_per_s": round(figures["requests"] / figures["seconds"], 1)}


def _measure(name: str, flags: list[str], env: dict[str, str], args: argparse.Namespace,
             tmp: Path) -> dict[str, Any]:
    port = free_port()
    proc = _serve(name, flags, port, env, tmp)
    try:
        base = f"http://127.0.0.1:{port}"
        start_s = _wait_for(proc, f"{base}/?as_of={AS_OF}", tmp / f"{name}.out")
        load_start = os.getloadavg()[0]
        figures = _wrk(base, args.clients, args.seconds, tmp)
        load_end = os.getloadavg()[0]
        banner = next((line for line in (tmp / f"{name}.out").read_text().splitlines()
                       if line.startswith("graphprofile web explorer on")), "")
    finally:
        _stop(proc)
    access = tmp / f"{name}-access.log"
    return {"server": banner.split("(", 1)[-1].split(";")[0].rstrip(")"),
            "flags": " ".join(["--single-user", *flags]), "start_and_first_page_s":
            round(start_s, 1), **figures,
            "access_log_lines": sum(1 for _ in access.open()) if access.exists() else 0,
            "loadavg_1m_start": round(load_start, 2), "loadavg_1m_end": round(load_end, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "load.json")
    parser.add_argument("--no-readme", action="store_true",
                        help="Do not regenerate the README's load section.")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 2
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="graphprofile-load-") as tmp_name:
        tmp = Path(tmp_name)
        settings = replace(Settings.from_env(), neo4j_uri=None, home=tmp / "home",
                           preferred_port=free_port(), heap="2g", pagecache="1g")
        server = LocalServer(settings)
        status = server.start()
        try:
            store = open_store(settings)
            bundle = tmp / "bundle"
            t0 = time.perf_counter()
            generate(bundle, args.accounts, args.seed)
            result = import_bundle(store, bundle)
            imported_s = time.perf_counter() - t0
            accounts = services.account_ids(store)
            t0 = time.perf_counter()
            services.compute_summaries(store, as_of=services.parse_as_of(AS_OF))
            warm_s = time.perf_counter() - t0  # every summary, once, before either server
            paths = _paths(store, accounts)
            (tmp / "paths.txt").write_text("\n".join(paths) + "\n")
            store.close()
            user, password = server.auth()
            env = {**{k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")},
                   "NEO4J_URI": status.uri, "NEO4J_USER": user, "NEO4J_PASSWORD": password,
                   "GRAPHPROFILE_HOME": str(settings.home), "GRAPHPROFILE_AS_OF": AS_OF,
                   "PYTHONPATH": str(ROOT)}
            measured = {name: _measure(name, flags, env, args, tmp) for name, flags in SERVERS}
        finally:
            server.stop()
    dev, prod = measured["werkzeug"], measured["gunicorn"]
    report = {
        "date": date.today().isoformat(),
        "command": " ".join(["benchmarks/load.py", *sys.argv[1:]]),
        "nproc": os.cpu_count(),
        "accounts": len(accounts), "rows_imported": result.total,
        "import_s": round(imported_s, 1), "summaries_warm_s": round(warm_s, 1),
        "clients": args.clients, "seconds": args.seconds, "paths": len(paths),
        "servers": measured,
        "throughput_ratio": round(prod["requests_per_s"] / max(dev["requests_per_s"], 0.1), 2),
        "errors": dev["errors"] + prod["errors"],
        "duration_s": round(time.perf_counter() - started),
    }
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    if not args.no_readme:
        _write_readme(report)
    return 0 if report["errors"] == 0 else 1


def _seconds(ms: float) -> str:
    return f"{ms / 1000:.2f} s"


def readme_section(report: dict[str, Any]) -> str:
    """The README's load section for ``report``, between the markers."""
    rows = ["| server | how | requests | errors | throughput | p50 | p95 | p99 | "
            "1-min load avg start / end |", "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, m in report["servers"].items():
        rows.append(
            f"| {name} | `serve {m['flags']}` ({m['server']}) | {m['requests']:,} | "
            f"{m['errors']} | {m['requests_per_s']} req/s | {_seconds(m['p50_ms'])} | "
            f"{_seconds(m['p95_ms'])} | {_seconds(m['p99_ms'])} | "
            f"{m['loadavg_1m_start']} / {m['loadavg_1m_end']} |")
    return "\n".join([
        START,
        "<!-- generated by benchmarks/load.py; edit outside these markers -->",
        f"Run {report['date']} with `{report['command']}` ({report['duration_s']} s in all) "
        f"on {report['nproc']} CPUs: {report['accounts']:,} accounts "
        f"({report['rows_imported']:,} rows), {report['clients']} clients for "
        f"{report['seconds']} s per server, cycling through {report['paths']} URLs, the "
        "same data and Neo4j for both servers.",
        "",
        *rows,
        "",
        f"Production over development server: **{report['throughput_ratio']}x** the "
        f"throughput, {report['errors']} errors in all. A 1-minute load average above "
        f"{report['nproc']} means other processes competed for the CPUs.",
        END,
    ])


def _write_readme(report: dict[str, Any]) -> None:
    """The section in README.md, and in BENCHMARKS.md under a heading of its own."""
    section = readme_section(report)
    for path, heading in ((README, ""), (BENCHMARKS, "## Serving many users\n\n")):
        text = path.read_text(encoding="utf-8")
        if START not in text or END not in text:
            text = text.rstrip("\n") + f"\n\n{heading}{START}\n{END}\n"
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _m: section, text,
                      flags=re.S)
        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
