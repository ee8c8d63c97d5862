"""`graphprofile serve` under gunicorn, as a subprocess against the suite's Neo4j: worker
processes, access log, graceful restart, the read cache seeing writes, and `--dev`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from graphprofile import services
from graphprofile.models import Person
from graphprofile.store.server import free_port

AS_OF = "2026-11-23"
PAGES = ["/", "/accounts/hartwell", "/api/accounts/hartwell/audit",
         "/api/gaps?company=hartwell", "/people/hartwell-p-002"]


def _get(url: str) -> tuple[int, str, str]:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.status, response.headers.get("Server", ""), response.read().decode()


def _start(cli_env: dict[str, str], tmp_path: Path, *flags: str) -> tuple[subprocess.Popen,
                                                                           str]:
    port = free_port()
    env = {**cli_env, "GRAPHPROFILE_AS_OF": AS_OF}
    with open(tmp_path / "serve.out", "ab") as out:  # the child keeps its own copy
        proc = subprocess.Popen(
            [sys.executable, "-m", "graphprofile.cli", "serve", "--single-user", "--port",
             str(port), *flags], env=env, stdin=subprocess.DEVNULL, stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert proc.poll() is None, (tmp_path / "serve.out").read_text()
        try:
            _get(base + "/")
            return proc, base
        except OSError:
            time.sleep(0.3)
    _stop(proc)
    raise AssertionError(f"serve did not answer:\n{(tmp_path / 'serve.out').read_text()}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def _children(pid: int) -> set[int]:
    """The processes whose parent is ``pid``, from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            ppid = next(line.split()[1] for line in status.splitlines()
                        if line.startswith("PPid:"))
            if int(ppid) == pid:
                found.add(int(entry.name))
    return found


@pytest.fixture
def served(demo, cli_env, tmp_path):
    log = tmp_path / "access.log"
    proc, base = _start(cli_env, tmp_path, "--workers", "2", "--threads", "2",
                        "--access-log", str(log))
    try:
        yield proc, base, log
    finally:
        _stop(proc)


def test_gunicorn_workers_answer_concurrently_log_and_reload(served, tmp_path):
    proc, base, log = served
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda p: _get(base + p), PAGES * 4))
    assert [status for status, _, _ in answers] == [200] * len(PAGES) * 4
    assert all("gunicorn" in server for _, server, _ in answers)
    workers = _children(proc.pid)
    assert len(workers) == 2, workers
    assert len(log.read_text().splitlines()) >= len(PAGES) * 4
    assert "GET /api/accounts/hartwell/audit" in log.read_text()

    # SIGHUP: new workers, the old ones finish; requests keep being answered meanwhile.
    os.kill(proc.pid, signal.SIGHUP)
    statuses = []
    deadline = time.monotonic() + 45
    while time.monotonic() < deadline:
        statuses.append(_get(base + "/api/accounts/hartwell/audit")[0])
        now = _children(proc.pid)
        if now and not now & workers and len(now) == 2:
            break
        time.sleep(0.2)
    assert not _children(proc.pid) & workers, "the old workers are still there"
    assert statuses and set(statuses) == {200}
    assert _get(base + "/accounts/hartwell")[0] == 200
    assert proc.poll() is None


def test_a_write_is_seen_by_every_worker_on_the_next_request(served, demo):
    _proc, base, _log = served
    url = base + "/accounts/hartwell"
    for _ in range(8):  # both workers have the account cached
        assert "Zed Renamed" not in _get(url)[2]
    G = services.account_graph_of(demo, "hartwell")
    person = Person(**{k: v for k, v in G.nodes[("person", "hartwell-p-002")].items()
                       if k in Person.model_fields})
    services.save_person(demo, person.model_copy(update={"name": "Zed Renamed"}))
    for _ in range(8):
        assert "Zed Renamed" in _get(url)[2]
    assert "Zed Renamed" in _get(base + "/people/hartwell-p-002")[2]


def test_dev_serves_with_werkzeug(demo, cli_env, tmp_path):
    proc, base = _start(cli_env, tmp_path, "--dev")
    try:
        status, server, _ = _get(base + "/accounts/hartwell")
        assert status == 200
        assert "Werkzeug" in server
    finally:
        _stop(proc)
