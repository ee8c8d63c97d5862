"""The wheel, installed into a fresh virtual environment outside the checkout, runs the
demo end to end: validate, demo against a managed Neo4j whose jars it builds into its
cache from the packaged pom.xml, serve the portfolio page, stop."""

from __future__ import annotations

import csv
import html
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest

from graphprofile.store.server import free_port

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (shutil.which("mvn") and shutil.which("java")),
                       reason="the managed Neo4j needs Java and Maven"),
]

ROOT = Path(__file__).resolve().parents[2]
# Never copied into the build: environments, build output, the jars, local state.
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "target", ".graphprofile*", "__pycache__",
    ".pytest_cache", ".ruff_cache", ".hypothesis")


def run(command: list[str], timeout: float = 300, **options) -> subprocess.CompletedProcess:
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, **options)
    assert done.returncode == 0, (
        f"{command} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a copy of the working tree (no build/ left in the checkout)."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-w", str(tmp / "dist"), str(source)])
    (built,) = (tmp / "dist").glob("graphprofile-*.whl")
    return built


def test_the_wheel_ships_every_resource_and_no_vendored_copy(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    expected = {f"graphprofile/queries/{p.name}" for p in (ROOT / "cypher").glob("*.cypher")}
    expected |= {p.relative_to(ROOT).as_posix()
                 for folder in ("web/templates", "web/static")
                 for p in (ROOT / folder).rglob("*") if p.is_file()}
    expected |= {f"graphprofile/fixtures/demo/{p.name}"
                 for p in (ROOT / "fixtures" / "demo").iterdir()}
    expected |= {"graphprofile/fixtures/generate.py", "graphprofile/launcher/pom.xml",
                 "graphprofile/launcher/src/main/java/graphprofile/server/Launcher.java",
                 "graphprofile/resources.py", "web/templates/accounts/show.html"}
    assert len(expected) > 100
    assert expected <= names, sorted(expected - names)
    assert not [n for n in names if n.startswith("web/static/vendor/")]
    assert not [n for n in names if "/target/" in n or n.endswith(".jar")]


@dataclass
class Installed:
    bin: Path
    env: dict[str, str]
    work: Path
    home: Path
    cache: Path

    def graphprofile(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
        return run([str(self.bin / "graphprofile"), *args], timeout=timeout, env=self.env,
                   cwd=self.work)


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    """The wheel in a new venv, with home and cache in tmp; the Neo4j is stopped after."""
    tmp = tmp_path_factory.mktemp("installed")
    run([sys.executable, "-m", "venv", str(tmp / "venv")], timeout=120)
    bin_dir = tmp / "venv" / "bin"
    run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)], timeout=600)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GRAPHPROFILE_", "NEO4J_")) and k not in (
               "PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(GRAPHPROFILE_HOME=str(tmp / "home"), GRAPHPROFILE_CACHE=str(tmp / "cache"),
               GRAPHPROFILE_NEO4J_PORT=str(free_port()), GRAPHPROFILE_NEO4J_HEAP="512m",
               GRAPHPROFILE_NEO4J_PAGECACHE="64m", GRAPHPROFILE_START_TIMEOUT="180",
               PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}")
    (tmp / "work").mkdir()
    box = Installed(bin_dir, env, tmp / "work", tmp / "home", tmp / "cache")
    try:
        yield box
    finally:
        subprocess.run([str(bin_dir / "graphprofile"), "db", "stop"], env=env, cwd=box.work,
                       capture_output=True, timeout=120)
        _kill_recorded_server(box.home)


def _kill_recorded_server(home: Path) -> None:
    """Last resort when `db stop` failed: the JVM recorded in home/server.json."""
    try:
        pid = int(json.loads((home / "server.json").read_text())["pid"])
    except (FileNotFoundError, ValueError, KeyError):
        return
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _rows(bundle: Path, name: str) -> list[dict[str, str]]:
    with open(bundle / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read().decode("utf-8")


def _serve(box: Installed, port: int, log: IO[bytes]) -> subprocess.Popen:
    return subprocess.Popen(
        [str(box.bin / "graphprofile"), "serve", "--single-user", "--port", str(port)],
        env=box.env, cwd=box.work, stdin=subprocess.DEVNULL, stdout=log,
        stderr=subprocess.STDOUT, start_new_session=True)


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM to the server's process group, SIGKILL if it has not gone in 30 s."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)


def _wait_for_page(proc: subprocess.Popen, url: str, log: Path) -> str:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"serve exited {proc.returncode}:\n{log.read_text()}"
        try:
            status, page = _get(url)
        except OSError:
            time.sleep(0.5)
            continue
        assert status == 200
        return page
    raise AssertionError(f"{url} did not answer within 180 s:\n{log.read_text()}")


def test_the_installed_wheel_validates_loads_and_serves_the_demo(installed: Installed) -> None:
    box = installed
    version = box.graphprofile("--version").stdout
    assert "0.1.0" in version

    # The demo bundle the installed package reports: inside the venv, not the checkout.
    where = run([str(box.bin / "python"), "-c",
                 "from graphprofile import resources; print(resources.demo_bundle())"],
                env=box.env, cwd=box.work).stdout.strip()
    demo = Path(where)
    assert demo.is_dir() and demo.is_relative_to(box.bin.parent)
    counts = {name: len(_rows(demo, name)) for name in (
        "companies", "departments", "people", "influence", "colleagues", "relationships",
        "account_team", "products", "deployments", "opportunities", "roles", "interactions")}

    # validate opens the store: the jars are built into the cache from the packaged pom.
    validated = json.loads(box.graphprofile("validate", str(demo), "--json").stdout)
    assert validated["valid"] is True
    assert validated["rows"] == counts
    assert list(box.cache.glob("server-0.1.0-*/target/graphprofile-server.jar"))
    assert not list(box.cache.glob("*.partial"))

    loaded = json.loads(box.graphprofile("demo", "--json").stdout)
    assert loaded["nodes"] == {
        "Company": counts["companies"], "Department": counts["departments"],
        "Person": counts["people"], "Colleague": counts["colleagues"],
        "Product": counts["products"], "Opportunity": counts["opportunities"],
        "Interaction": counts["interactions"]}
    relationships = loaded["relationships"]
    assert relationships["INFLUENCES"] == counts["influence"]
    assert relationships["KNOWS"] == counts["relationships"]
    assert relationships["ON_ACCOUNT_TEAM"] == counts["account_team"]
    assert relationships["USES"] == counts["deployments"]
    assert relationships["HAS_ROLE"] == counts["roles"]

    port, log_path = free_port(), box.work / "serve.log"
    with open(log_path, "wb") as log:
        proc = _serve(box, port, log)
        try:
            page = _wait_for_page(proc, f"http://127.0.0.1:{port}/", log_path)
            with_people = {p["company_id"] for p in _rows(demo, "people")}
            accounts = [c["name"] for c in _rows(demo, "companies") if c["id"] in with_people]
            assert len(accounts) == 7
            for name in accounts:
                assert html.escape(name, quote=False) in page, name
            status, script = _get(f"http://127.0.0.1:{port}/static/vendor/vis-network.min.js")
            assert status == 200 and "vis" in script[:2000]
        finally:
            _stop(proc)

    box.graphprofile("db", "stop")
    status = json.loads(box.graphprofile("db", "status", "--json").stdout)
    assert status["running"] is False
