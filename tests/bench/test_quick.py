"""Smoke test of the benchmark: ``benchmarks/run.py --quick`` runs and reports every figure.

No timing thresholds: the quick sizes are too small to mean anything. The run starts its
own managed Neo4j in a temporary home (most of the time taken), whatever NEO4J_URI says.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from graphprofile.config import PROJECT_ROOT

RUN = PROJECT_ROOT / "benchmarks" / "run.py"
JFR_TOP = PROJECT_ROOT / "benchmarks" / "jfr_top.py"


def _positive(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


@pytest.fixture(scope="module")
def bench_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bench")


@pytest.fixture(scope="module")
def quick_result(bench_dir: Path) -> dict[str, Any]:
    work = bench_dir
    out = work / "results.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    done = subprocess.run(
        [sys.executable, str(RUN), "--quick", "--out", str(out),
         "--server-profile", str(work / "recordings")],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=480,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8"))


def test_every_server_is_recorded_and_summarised(quick_result: dict[str, Any],
                                                 bench_dir: Path) -> None:
    recordings = bench_dir / "recordings"
    names = sorted(path.name for path in recordings.glob("*.jfr"))
    # One account's server, the two baselines' and the import's, each on its own file.
    assert names == ["account-home.jfr", "home.jfr", "load-csv-home.jfr", "naive-home.jfr"]
    sys.path.insert(0, str(JFR_TOP.parent))
    from jfr_top import jfr_tool
    if jfr_tool() is None:
        pytest.skip("no JDK jfr tool here to read the recordings (`make setup` installs one)")
    done = subprocess.run([sys.executable, str(JFR_TOP), str(recordings / "home.jfr"),
                           "--top", "15", "--match", "neo4j"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert int(lines[0].split()[0]) > 0  # "N samples"
    listed = lines[3:lines.index("thread") - 1]
    assert 0 < len(listed) <= 15 and all("org.neo4j" in line for line in listed)
    assert any("BoltWorker" in line for line in lines[lines.index("thread"):])


def test_import_section(quick_result: dict[str, Any]) -> None:
    imp = quick_result["import"]
    for loader in ("naive", "import_bundle"):
        assert _positive(imp[loader]["rows"])
        assert _positive(imp[loader]["rows_per_s"])
    bundle = imp["import_bundle"]
    assert _positive(bundle["people_write_rows_per_s"])
    assert _positive(bundle["write_rows_per_s"])
    # The two steps of the import are timed apart and make up the whole of it.
    assert bundle["validation_s"] > 0 and bundle["write_s"] > 0
    assert abs(bundle["validation_s"] + bundle["write_s"] - bundle["seconds"]) < 0.01
    assert {name for name, rows in bundle["written"].items() if rows} <= set(
        bundle["per_file_write_s"])
    # CPU by step and process: the server does the writing, and was found (a live java
    # child of the benchmark); each step's total is the sum of its parts.
    cpu = bundle["cpu_s"]
    assert cpu["write"]["server"] > 0 and cpu["write"]["python"] > 0
    assert all(value >= 0 for step in cpu.values() for value in step.values())
    for step in ("validation", "write"):
        parts = cpu[step]
        assert abs(parts["all"] - (parts["python"] + parts["workers"] + parts["server"])) < 0.2
    assert _positive(imp["ratio_vs_naive"])
    assert _positive(imp["write_ratio_vs_naive"])
    assert _positive(imp["peak_python_rss_mb"])
    # LOAD CSV is either measured or says why not.
    csv = imp["load_csv"]
    assert _positive(csv["rows_per_s"]) if csv["measured"] else csv["reason"]


def test_account_section(quick_result: dict[str, Any]) -> None:
    sizes = quick_result["account"]["sizes"]
    assert len(sizes) >= 2
    for size in sizes:
        assert _positive(size["people"])
        for part in ("services", "account_report", "store_load", "graph_build", "analytics",
                     "account_page"):
            assert _positive(size[part]["p50_ms"])
            assert _positive(size[part]["p95_ms"])
            assert size[part]["p95_ms"] >= size[part]["p50_ms"]
    slope = quick_result["account"]["slope"]
    assert set(slope) == {"services", "account_report", "store_load", "graph_build",
                          "analytics", "account_page"}
    assert all(isinstance(v, float) for v in slope.values())


def test_portfolio_section(quick_result: dict[str, Any]) -> None:
    port = quick_result["portfolio"]
    assert _positive(port["accounts"]) and _positive(port["workers"])
    for part in ("gaps", "summaries_refresh"):
        assert _positive(port[part]["seconds"])
        assert _positive(port[part]["per_account_ms"])
    assert _positive(port["gaps"]["peak_python_rss_mb"])
    page = port["portfolio_page"]
    assert _positive(page["p50_ms"]) and page["p95_ms"] >= page["p50_ms"]
    assert len(page["paths"]) >= 3


def test_machine_and_targets(quick_result: dict[str, Any]) -> None:
    machine = quick_result["machine"]
    assert _positive(machine["nproc"])
    assert "5." in machine["neo4j"]
    assert set(quick_result["targets"]) == {
        "import_100x_naive", "import_vs_load_csv", "account_1000_p95", "account_page_1000_p95",
        "portfolio_gaps_10k", "portfolio_page_10k"}
    assert quick_result["server"] == {"heap": "2g", "pagecache": "2g"}
    for target in quick_result["targets"].values():
        assert target["status"] in ("met", "not met", "not measured at this size")
