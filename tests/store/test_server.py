"""The managed local Neo4j against a real JVM: start, reuse, auth, loopback only, stop."""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

from graphprofile.config import Settings
from graphprofile.errors import StoreUnavailable
from graphprofile.store.server import LocalServer, ServerStatus, free_port, young_generation

# The checkout's launcher, built in place by the setup (or by the fixture below).
SERVER_DIR = Path(__file__).resolve().parents[2] / "server"
# The address forms /proc/net/tcp{,6} use for 127.0.0.1 (plain and IPv4-mapped IPv6).
LOOPBACK_HEX = {"0100007F", "0000000000000000FFFF00000100007F"}



def listen_addresses(port: int) -> list[str]:
    """Local addresses of the sockets listening on `port`, as hex from /proc/net."""
    found = []
    for name in ("tcp", "tcp6"):
        table = Path("/proc/net") / name
        if not table.exists():
            continue
        for line in table.read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].rsplit(":", 1)
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A = LISTEN
                found.append(address)
    return found


def pid_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def run_cypher(status: ServerStatus, auth: tuple[str, str], query: str) -> list:
    assert status.uri is not None
    with GraphDatabase.driver(status.uri, auth=auth) as driver:
        return driver.execute_query(query).records


@pytest.fixture(scope="session")
def server_dir() -> Path:
    """The built server; builds it once if this checkout has not run the setup yet."""
    if not (SERVER_DIR / "target" / "graphprofile-server.jar").is_file():
        mvn = shutil.which("mvn")
        if mvn is None:
            pytest.fail("server jars are missing and mvn is not installed (run `make setup`)")
        subprocess.run(
            [mvn, "-q", "-B", "-f", str(SERVER_DIR / "pom.xml"), "package", "-DskipTests"],
            check=True,
        )
    return SERVER_DIR


@pytest.fixture
def make_server(tmp_path: Path, server_dir: Path) -> Iterator[Callable[..., LocalServer]]:
    """LocalServer factory on a private home; whatever it started is stopped afterwards."""
    created: list[LocalServer] = []

    def make(**overrides: object) -> LocalServer:
        options: dict = {
            "home": tmp_path / "home",
            "server_dir": server_dir,
            "preferred_port": free_port(),
            "heap": "512m",
            "pagecache": "64m",
            "start_timeout": 180.0,
        }
        options.update(overrides)
        server = LocalServer(Settings(**options))
        created.append(server)
        return server

    yield make
    for server in created:
        server.stop(timeout=30)


def test_start_auth_reuse_restart_and_stop(make_server: Callable[..., LocalServer]) -> None:
    server = make_server()
    preferred = server.settings.preferred_port

    started = server.start()
    assert started.running and started.pid is not None
    assert started.port == preferred
    assert started.uri == f"bolt://127.0.0.1:{preferred}"
    assert server.status() == started

    # State and secrets on disk.
    home = server.settings.home
    state = json.loads((home / "server.json").read_text())
    assert state["pid"] == started.pid and state["port"] == preferred and state["started_at"]
    assert stat.S_IMODE((home / "credentials").stat().st_mode) == 0o600
    assert (home / "data" / "databases").is_dir()
    assert "GRAPHPROFILE-READY" in (home / "logs" / "neo4j.log").read_text()

    # Bolt with the right password works; a wrong one is refused.
    user, password = server.auth()
    assert user == "neo4j" and len(password) >= 20
    assert run_cypher(started, server.auth(), "RETURN 1 AS one")[0]["one"] == 1
    run_cypher(started, server.auth(), "CREATE (:Probe {value: 42})")
    with pytest.raises(AuthError):
        run_cypher(started, (user, password + "-wrong"), "RETURN 1")

    # Reachable on loopback only.
    addresses = listen_addresses(preferred)
    assert addresses and set(addresses) <= LOOPBACK_HEX, addresses

    # Another LocalServer on the same home (as a second CLI run would be) reuses the JVM.
    again = make_server(home=home, preferred_port=free_port()).start()
    assert again.pid == started.pid and again.port == preferred

    assert server.stop() is True
    assert not pid_exists(started.pid)
    assert server.status() == ServerStatus(False, None, None, None, home)
    assert not (home / "server.json").exists()
    assert server.stop() is False

    # A restart keeps the data and the password (the launcher sets the same one again).
    restarted = server.start()
    assert restarted.running and restarted.pid != started.pid
    records = run_cypher(restarted, server.auth(), "MATCH (p:Probe) RETURN p.value AS v")
    assert records[0]["v"] == 42
    assert server.stop() is True
    assert not pid_exists(restarted.pid)


def test_taken_port_and_concurrent_starts_share_one_jvm(
    make_server: Callable[..., LocalServer],
) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        taken = blocker.getsockname()[1]
        servers = [make_server(preferred_port=taken) for _ in range(2)]
        results: list[ServerStatus | BaseException] = []

        def start(server: LocalServer) -> None:
            try:
                results.append(server.start())
            except BaseException as error:  # surfaced by the asserts below
                results.append(error)

        threads = [threading.Thread(target=start, args=(server,)) for server in servers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert all(isinstance(result, ServerStatus) for result in results), results
        first, second = results
        assert isinstance(first, ServerStatus) and isinstance(second, ServerStatus)
        assert first.pid == second.pid
        assert first.running and first.port is not None and first.port != taken
        assert run_cypher(first, servers[0].auth(), "RETURN 1 AS one")[0]["one"] == 1
        assert servers[0].stop() is True
        assert first.pid is not None and not pid_exists(first.pid)


def test_jvm_that_dies_at_start_reports_the_log_tail(
    make_server: Callable[..., LocalServer],
) -> None:
    server = make_server(heap="not-a-size")
    with pytest.raises(StoreUnavailable) as raised:
        server.start()
    assert "exited with code" in raised.value.message
    assert "neo4j.log" in raised.value.message
    assert "heap size" in raised.value.message  # the JVM's own complaint, from the log
    assert not server.status().running
    assert not (server.settings.home / "server.json").exists()


def test_extra_jvm_options_reach_the_server(
    make_server: Callable[..., LocalServer], tmp_path: Path,
) -> None:
    # A flight recording, as GRAPHPROFILE_NEO4J_JVM_OPTIONS would ask for one: the file
    # exists only if the JVM took the option, and holds data once the server stops.
    recording = tmp_path / "server recording.jfr"
    environ = {"GRAPHPROFILE_NEO4J_JVM_OPTIONS":
               f"'-XX:StartFlightRecording=filename={recording},dumponexit=true'"}
    options = Settings.from_env(environ).jvm_options
    assert options == (f"-XX:StartFlightRecording=filename={recording},dumponexit=true",)
    server = make_server(jvm_options=options)
    assert server.start().running
    server.stop(timeout=60)
    assert recording.is_file() and recording.stat().st_size > 0


@pytest.mark.parametrize(("heap", "option"), [
    ("1g", "-Xmn512m"),        # the default heap: the old generation keeps its 512 MB
    ("2G", "-Xmn1433m"),       # 30% of 2,048 MB stays old
    ("1536m", "-Xmn1024m"),
    ("3145728k", "-Xmn2150m"),
    ("2147483648", "-Xmn1433m"),
    ("640m", None),            # 128 MB of young generation would be less than the JVM's own
    ("512m", None),
    ("1.5g", None),            # not a size this understands: the JVM sizes it
    ("", None),
])
def test_young_generation_leaves_the_old_its_share(heap: str, option: str | None) -> None:
    assert young_generation(heap) == option


def test_the_server_gets_its_young_generation_and_a_later_option_wins(
    make_server: Callable[..., LocalServer],
) -> None:
    server = make_server(heap="1g", jvm_options=("-Xmn400m",))
    status = server.start()
    assert status.running
    args = Path(f"/proc/{status.pid}/cmdline").read_bytes().decode().split("\0")
    assert "-Xmx1g" in args
    assert args.index("-Xmn512m") < args.index("-Xmn400m")  # HotSpot takes the last one
    flags = subprocess.run(["jcmd", str(status.pid), "VM.flags"], capture_output=True,
                           text=True, timeout=60, check=True).stdout
    assert f"-XX:MaxNewSize={400 * 1024 * 1024}" in flags


def test_missing_jars_ask_for_setup(
    make_server: Callable[..., LocalServer], tmp_path: Path
) -> None:
    empty = tmp_path / "empty-server"
    empty.mkdir()
    with pytest.raises(StoreUnavailable) as raised:
        make_server(server_dir=empty).start()
    assert "make setup" in raised.value.message
    assert raised.value.exit_code == 2


def test_missing_java_is_reported(
    make_server: Callable[..., LocalServer], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nothing = tmp_path / "no-java"
    nothing.mkdir()
    monkeypatch.setenv("PATH", str(nothing))
    monkeypatch.setenv("JAVA_HOME", str(nothing))
    with pytest.raises(StoreUnavailable) as raised:
        make_server().start()
    assert "Java was not found" in raised.value.message
    assert "JDK 17" in raised.value.message


def test_stale_state_is_cleaned_up(make_server: Callable[..., LocalServer]) -> None:
    server = make_server()
    home = server.settings.home
    home.mkdir(parents=True)
    state = home / "server.json"

    finished = subprocess.Popen(["true"])
    finished.wait()
    # A dead pid, then a live process that is not our server (a recycled pid).
    for pid in (finished.pid, os.getpid()):
        state.write_text(json.dumps({"pid": pid, "port": 1, "started_at": "x"}))
        assert server.status() == ServerStatus(False, None, None, None, home)
        assert not state.exists()
        state.write_text(json.dumps({"pid": pid, "port": 1, "started_at": "x"}))
        assert server.stop() is False
        assert not state.exists()
    assert pid_exists(os.getpid())


def test_password_is_made_once(make_server: Callable[..., LocalServer]) -> None:
    server = make_server()
    first = server.auth()
    assert first == server.auth() == make_server().auth()
    assert stat.S_IMODE((server.settings.home / "credentials").stat().st_mode) == 0o600
