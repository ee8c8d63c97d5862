"""Load test on loopback: many concurrent clients on the portfolio, account and API pages.

Starts a managed Neo4j of its own in a temporary home, imports a generated portfolio,
serves the web app (single-user, threaded) on 127.0.0.1, warms the stored summaries,
then runs ``wrk`` (Debian's package) for a bounded time with a fixed number of
connections, cycling through portfolio, account and API URLs. Prints and writes
``benchmarks/load.json``: requests, errors, p50/p95/p99 latency. Traffic never leaves
the loopback interface.

    .venv/bin/python benchmarks/load.py [--accounts 1000] [--clients 50] [--seconds 60]
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import replace
from datetime import date
from pathlib import Path

from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graphprofile import services  # noqa: E402
from graphprofile.config import Settings  # noqa: E402
from graphprofile.fixtures.generate import generate  # noqa: E402
from graphprofile.services import import_bundle  # noqa: E402
from graphprofile.store import open_store  # noqa: E402
from graphprofile.store.server import LocalServer, free_port  # noqa: E402
from web import create_app  # noqa: E402

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "load.json")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="graphprofile-load-") as tmp_name:
        tmp = Path(tmp_name)
        settings = replace(Settings.from_env(), neo4j_uri=None, home=tmp / "home",
                           preferred_port=free_port(), heap="2g", pagecache="1g")
        server = LocalServer(settings)
        server.start()
        http = None
        try:
            store = open_store(settings)
            bundle = tmp / "bundle"
            t0 = time.perf_counter()
            generate(bundle, args.accounts, args.seed)
            result = import_bundle(store, bundle)
            imported_s = time.perf_counter() - t0
            accounts = services.account_ids(store)
            app = create_app(store, {"SINGLE_USER": True, "DEFAULT_AS_OF": AS_OF})
            port = free_port()
            logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
            http = make_server("127.0.0.1", port, app, threaded=True)
            threading.Thread(target=http.serve_forever, daemon=True).start()
            base = f"http://127.0.0.1:{port}"
            t0 = time.perf_counter()
            with urllib.request.urlopen(f"{base}/?as_of={AS_OF}", timeout=3600) as response:
                assert response.status == 200
            warm_s = time.perf_counter() - t0  # computes and stores every summary once
            paths_file = tmp / "paths.txt"
            paths_file.write_text("\n".join(_paths(store, accounts)) + "\n")
            script = tmp / "cycle.lua"
            script.write_text(WRK_SCRIPT)
            done = subprocess.run(
                ["wrk", "-t", "2", "-c", str(args.clients), "-d", f"{args.seconds}s",
                 "--timeout", "30s", "-s", str(script), base],
                env={"PATHS_FILE": str(paths_file), "PATH": "/usr/bin:/bin"},
                capture_output=True, text=True, timeout=args.seconds + 120, check=True)
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            errors = sum(figures[k] for k in ("non_2xx_3xx", "connect", "read", "write",
                                              "timeout"))
            report = {
                "date": date.today().isoformat(),
                "command": " ".join(["benchmarks/load.py", *sys.argv[1:]]),
                "accounts": len(accounts), "rows_imported": result.total,
                "import_s": round(imported_s, 1), "summaries_warm_s": round(warm_s, 1),
                "clients": args.clients, "paths": len(_paths(store, accounts)),
                **figures, "errors": errors,
                "requests_per_s": round(figures["requests"] / figures["seconds"], 1),
            }
            store.close()
        finally:
            if http is not None:
                http.shutdown()
            server.stop()
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    return 0 if report["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
