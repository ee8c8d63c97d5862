"""The managed local Neo4j: a detached JVM that the tool starts, finds again and stops."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import DriverError, Neo4jError

from graphprofile.config import Settings
from graphprofile.errors import StoreUnavailable
from graphprofile.store.jars import SERVER_JAR, find_java, server_jars

USER = "neo4j"
HOST = "127.0.0.1"
LAUNCHER_CLASS = "graphprofile.server.Launcher"
READY_MARKER = "GRAPHPROFILE-READY"
PASSWORD_ENV = "GRAPHPROFILE_NEO4J_PASSWORD"
LOG_TAIL_LINES = 20
POLL_SECONDS = 0.25
KILL_WAIT_SECONDS = 10.0

# JVM options Neo4j's own launcher uses that matter for an embedded DBMS on Java 17: netty
# and the page cache need reflective access to NIO internals, and IPv4 keeps the loopback
# listener a plain 127.0.0.1 socket. The collector is the throughput one rather than
# Neo4j's default G1: a local server shares a small machine with the tool, and G1's
# concurrent work took CPU from the writes (an import's write phase ran some 25% faster,
# warm and cold, on 2 cores; see BENCHMARKS.md).
JVM_OPTIONS = (
    "-XX:+UseParallelGC",
    # Neo4j loads some 120 MB of class metadata: starting above that spares the four full
    # collections a start otherwise makes as the metadata grows.
    "-XX:MetaspaceSize=160m",
    # JDK 13's inlining limits (JDK 14 raised them to 15 levels and 2,500 bytes): the
    # compilers then took about a third less CPU in an import on a fresh server (24
    # against 35 CPU-seconds over four and five 10,000-account imports), and the
    # statements as much as before (see BENCHMARKS.md).
    "-XX:MaxInlineLevel=9",
    "-XX:InlineSmallCode=1000",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djava.net.preferIPv4Stack=true",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
)

# The old generation keeps at least this share of the heap, and at least OLD_MIN_MIB;
# the rest is the young generation (see young_generation).
OLD_SHARE = 0.3
OLD_MIN_MIB = 512
YOUNG_MIN_MIB = 256
_UNITS = {"": 1 / 1024**2, "k": 1 / 1024, "m": 1, "g": 1024, "t": 1024**2}


def young_generation(heap: str) -> str | None:
    """The ``-Xmn`` option for a heap of ``heap`` (a JVM size: ``1g``, ``1536m``), or None
    to leave the JVM's own sizing (a heap too small to share, or a size not understood).

    A write keeps its transaction state alive until it commits: 30-50 MB survived each
    young collection of an import (two batches of 5,000 people in flight). With the
    JVM's default third of the heap for the young generation, collections came every
    quarter second on a 1 GB heap; the survivor spaces overflowed, that state went to
    the old generation, which filled and was collected in full every few seconds: 12
    full and some 290 young collections in a 10,000-account import. The old generation
    held some 190 MB after that import, so it keeps 30% of the heap and at least 512 MB,
    and the young generation has the rest. A later ``-Xmn`` in
    ``GRAPHPROFILE_NEO4J_JVM_OPTIONS`` overrides this one (see BENCHMARKS.md).
    """
    size = heap.strip().lower()
    unit = size[-1:] if size[-1:] in _UNITS else ""
    number = size[: len(size) - len(unit)]
    if not number.isdigit():
        return None
    mib = int(number) * _UNITS[unit]
    young = int(mib - max(mib * OLD_SHARE, OLD_MIN_MIB))
    return f"-Xmn{young}m" if young >= YOUNG_MIN_MIB else None


# JVMs started by this Python process, so they can be reaped instead of lingering as zombies
# (a zombie still answers kill(pid, 0) and would look alive).
_children: dict[int, subprocess.Popen[bytes]] = {}


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    port: int | None
    uri: str | None
    home: Path


class LocalServer:
    """Starts, finds and stops the Neo4j JVM whose data, logs and state live in settings.home."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.home = Path(settings.home)
        self.state_path = self.home / "server.json"
        self.credentials_path = self.home / "credentials"
        self.lock_path = self.home / "server.lock"
        self.data_dir = self.home / "data"
        self.log_path = self.home / "logs" / "neo4j.log"

    # -- public API ---------------------------------------------------------------------

    def status(self) -> ServerStatus:
        """Running means: the recorded JVM is alive and answers Bolt with our credentials."""
        state = self._read_state()
        if state is None:
            return self._stopped()
        pid, port = state["pid"], state["port"]
        if not _server_alive(pid):
            self._clear_stale_state()
            return self._stopped()
        uri = _bolt_uri(port)
        return ServerStatus(self._bolt_answers(uri), pid, port, uri, self.home)

    def start(self) -> ServerStatus:
        """Start the server, or return the one already running under this home."""
        with self._locked():
            existing = self._adopt_existing()
            if existing is not None:
                return existing
            return self._launch()

    def stop(self, timeout: float = 60) -> bool:
        """Stop cleanly (SIGTERM), SIGKILL only after `timeout`; True if it was running."""
        with self._locked():
            state = self._read_state()
            if state is None:
                return False
            pid = state["pid"]
            was_running = _server_alive(pid)
            if was_running:
                _terminate(pid, timeout)
            self._clear_state()
            return was_running

    @contextlib.contextmanager
    def stopped(self, timeout: float = 60) -> Iterator[Callable[[], ServerStatus]]:
        """Stop the server and keep it stopped for the block, which may replace its files:
        the start/stop lock is held throughout, so another process's start waits. The
        block is given a function that starts the server again (under the same lock);
        when the block has not called it, the server is started on the way out, after a
        failure too (that failure is the one raised)."""
        with self._locked():
            state = self._read_state()
            if state is not None:
                if _server_alive(state["pid"]):
                    _terminate(state["pid"], timeout)
                self._clear_state()
            started: list[ServerStatus] = []

            def start() -> ServerStatus:
                if not started:
                    started.append(self._launch())
                return started[0]

            try:
                yield start
            except BaseException:
                if not started:
                    with contextlib.suppress(StoreUnavailable):
                        start()
                raise
            start()

    def auth(self) -> tuple[str, str]:
        """The Bolt credentials; the password is made once and kept in home/credentials."""
        return USER, self._password()

    # -- starting -----------------------------------------------------------------------

    def _adopt_existing(self) -> ServerStatus | None:
        """The recorded server if it is (or becomes) usable; stale or hung ones are removed."""
        state = self._read_state()
        if state is None:
            return None
        pid, port = state["pid"], state["port"]
        if not _server_alive(pid):
            self._clear_state()
            return None
        uri = _bolt_uri(port)
        # Its starter may have died mid-start (the lock is gone with it): give it the time
        # a start of our own would get before replacing it.
        deadline = time.monotonic() + self.settings.start_timeout
        while _server_alive(pid) and time.monotonic() < deadline:
            if self._bolt_answers(uri):
                return ServerStatus(True, pid, port, uri, self.home)
            time.sleep(1.0)
        if _server_alive(pid):
            _terminate(pid, KILL_WAIT_SECONDS)
        self._clear_state()
        return None

    def _launch(self) -> ServerStatus:
        java, classpath = find_java(), self._classpath()
        port = _choose_port(self.settings)
        command = self._command(java, classpath, port)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, PASSWORD_ENV: self._password()}
        with open(self.log_path, "ab") as log:
            log.write(f"--- {_now()} starting Neo4j on {HOST}:{port}\n".encode())
            log.flush()
            offset = log.tell()
            # A new session detaches the JVM from our terminal and process group, so it
            # outlives the CLI and does not receive the user's Ctrl-C.
            proc = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.home,
                env=env,
                start_new_session=True,
            )
        _children[proc.pid] = proc
        self._write_state(proc.pid, port)
        try:
            self._wait_ready(proc, port, offset)
        except BaseException:
            _terminate(proc.pid, KILL_WAIT_SECONDS)
            self._clear_state()
            raise
        return ServerStatus(True, proc.pid, port, _bolt_uri(port), self.home)

    def _command(self, java: str, classpath: str, port: int) -> list[str]:
        heap = self.settings.heap
        young = young_generation(heap)
        return [
            java,
            f"-Xms{heap}",
            f"-Xmx{heap}",
            *([young] if young else []),
            *JVM_OPTIONS,
            *self.settings.jvm_options,
            "-cp",
            classpath,
            LAUNCHER_CLASS,
            "--data",
            str(self.data_dir),
            "--port",
            str(port),
            "--pagecache",
            self.settings.pagecache,
        ]

    def _classpath(self) -> str:
        target = server_jars(self.settings)
        return f"{target / SERVER_JAR}{os.pathsep}{target / 'lib'}{os.sep}*"

    def _wait_ready(self, proc: subprocess.Popen[bytes], port: int, offset: int) -> None:
        """Wait for the launcher's ready line, then for Bolt to accept our credentials."""
        uri = _bolt_uri(port)
        timeout = self.settings.start_timeout
        deadline = time.monotonic() + timeout
        while True:
            code = proc.poll()
            if code is not None:
                raise self._start_failed(f"Neo4j exited with code {code} while starting")
            # Bolt opens before the launcher has set the password; probing it earlier would
            # count as failed logins and can lock the user for a while.
            if self._ready_line_seen(offset) and self._bolt_answers(uri):
                return
            if time.monotonic() >= deadline:
                raise self._start_failed(f"Neo4j did not become ready within {timeout:g} s")
            time.sleep(POLL_SECONDS)

    def _ready_line_seen(self, offset: int) -> bool:
        try:
            with open(self.log_path, "rb") as log:
                log.seek(offset)
                return READY_MARKER.encode() in log.read()
        except FileNotFoundError:
            return False

    def _start_failed(self, what: str) -> StoreUnavailable:
        tail = "\n".join(_tail(self.log_path, LOG_TAIL_LINES))
        return StoreUnavailable(f"{what}. Last lines of {self.log_path}:\n{tail}")

    def _bolt_answers(self, uri: str) -> bool:
        try:
            with GraphDatabase.driver(uri, auth=self.auth(), connection_timeout=3.0) as driver:
                driver.verify_connectivity()
        except (DriverError, Neo4jError, OSError):
            return False
        return True

    # -- files under home ---------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Serialise start/stop across processes; flock goes away with a crashed holder."""
        self.home.mkdir(parents=True, exist_ok=True)
        with open(self.lock_path, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _password(self) -> str:
        with contextlib.suppress(FileNotFoundError):
            stored = self.credentials_path.read_text().strip()
            if stored:
                return stored
        self.home.mkdir(parents=True, exist_ok=True)
        password = secrets.token_urlsafe(24)
        # Write a private temp file, then link it into place: the link is atomic and fails
        # if another process got there first, so everybody ends up with one password.
        tmp = self.home / f".credentials.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(password + "\n")
            os.link(tmp, self.credentials_path)
        except FileExistsError:
            password = self.credentials_path.read_text().strip()
        finally:
            tmp.unlink(missing_ok=True)
        return password

    def _read_state(self) -> dict | None:
        try:
            state = json.loads(self.state_path.read_text())
            return {"pid": int(state["pid"]), "port": int(state["port"])}
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError):
            # A torn or hand-edited file tells us nothing usable; treat it as stale.
            self._clear_state()
            return None

    def _write_state(self, pid: int, port: int) -> None:
        tmp = self.state_path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps({"pid": pid, "port": port, "started_at": _now()}) + "\n")
        os.replace(tmp, self.state_path)

    def _clear_state(self) -> None:
        self.state_path.unlink(missing_ok=True)

    def _clear_stale_state(self) -> None:
        """Remove a dead server's state, unless a start or stop holds the lock right now."""
        self.home.mkdir(parents=True, exist_ok=True)
        with open(self.lock_path, "a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return
            try:
                state = self._read_state()
                if state is not None and not _server_alive(state["pid"]):
                    self._clear_state()
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _stopped(self) -> ServerStatus:
        return ServerStatus(False, None, None, None, self.home)


# -- the launcher's jars -----------------------------------------------------------------


# -- processes and ports ----------------------------------------------------------------


def _choose_port(settings: Settings) -> int:
    """The preferred port when nothing listens on it, else one the OS picks."""
    preferred = settings.preferred_port
    if 0 < preferred < 65536 and _port_free(preferred):
        return preferred
    return free_port()


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now, picked by the OS."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # Ignore TIME_WAIT leftovers of a previous run; Linux still refuses a port that a
        # socket is listening on.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
    return True


def _server_alive(pid: int) -> bool:
    """True while `pid` is a live (not zombie) process that runs our launcher."""
    child = _children.get(pid)
    if child is not None:
        if child.poll() is not None:
            del _children[pid]
            return False
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists but is someone else's; the cmdline check below decides
    return _runs_launcher(pid)


def _runs_launcher(pid: int) -> bool:
    """Guards against a recycled pid; where /proc is missing, trust kill(pid, 0)."""
    proc = Path("/proc") / str(pid)
    if not Path("/proc/self").exists():
        return True
    try:
        state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        cmdline = (proc / "cmdline").read_bytes()
    except (FileNotFoundError, ProcessLookupError, IndexError, PermissionError):
        return False
    return state != "Z" and LAUNCHER_CLASS.encode() in cmdline


def _terminate(pid: int, timeout: float) -> None:
    """SIGTERM lets Neo4j shut down cleanly; SIGKILL only if it has not exited in time."""
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, KILL_WAIT_SECONDS)):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if not _server_alive(pid):
                return
            time.sleep(POLL_SECONDS)


def _tail(path: Path, lines: int) -> list[str]:
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - 64 * 1024))
            text = handle.read().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return ["(no log written)"]
    return text.splitlines()[-lines:]


def _bolt_uri(port: int) -> str:
    return f"bolt://{HOST}:{port}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
