"""The managed Neo4j's jars: found next to the launcher's source, or built by Maven
once into a cache folder (an install from a wheel), and the Java that runs them."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from graphprofile import __version__
from graphprofile.config import Settings
from graphprofile.errors import StoreUnavailable

__all__ = ["SERVER_JAR", "find_java", "server_jars"]

SERVER_JAR = "graphprofile-server.jar"
LOG_TAIL_LINES = 20


def server_jars(settings: Settings) -> Path:
    """The folder of ``graphprofile-server.jar`` and ``lib/*.jar``.

    ``<server_dir>/target`` when Maven built them there (a checkout after the setup);
    otherwise they are built once, from a copy of the launcher's source, into a folder of
    ``settings.cache_dir`` named after the version and the source it was built from.
    """
    source = Path(settings.server_dir)
    if _built(source / "target"):
        return source / "target"
    if not (source / "pom.xml").is_file() or not (source / "src").is_dir():
        raise StoreUnavailable(
            f"The Neo4j server jars are missing ({source / 'target' / SERVER_JAR} and "
            f"{source / 'target' / 'lib'}/*.jar) and {source} holds no pom.xml and src/ to "
            "build them from. In a checkout, run the setup first: `make setup`; otherwise "
            "unset GRAPHPROFILE_SERVER_DIR to build the packaged launcher."
        )
    build = Path(settings.cache_dir) / f"server-{__version__}-{_source_digest(source)}"
    if not _built(build / "target"):
        _build(source, build)
    return build / "target"


def _built(target: Path) -> bool:
    return (target / SERVER_JAR).is_file() and any((target / "lib").glob("neo4j-*.jar"))


def _source_digest(source: Path) -> str:
    """A short hash of pom.xml and src/, so an edited launcher gets a build of its own."""
    digest = hashlib.sha256()
    files = [source / "pom.xml", *sorted(p for p in (source / "src").rglob("*") if p.is_file())]
    for path in files:
        digest.update(path.relative_to(source).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def _build(source: Path, build: Path) -> None:
    """Run Maven on a copy of ``source``, then move it to ``build``; a file lock keeps
    other processes waiting for this build rather than starting their own."""
    mvn = shutil.which("mvn")
    if mvn is None:
        raise StoreUnavailable(
            "Maven (mvn) was not found on PATH. The local Neo4j's jars are built with it on "
            "first use (it downloads them from Maven Central): install it (e.g. `apt-get "
            "install maven`), or set GRAPHPROFILE_SERVER_DIR to a folder whose target/ holds "
            "the built jars, or point NEO4J_URI at an existing Neo4j server."
        )
    find_java()  # Maven needs a JDK too
    build.parent.mkdir(parents=True, exist_ok=True)
    with open(build.parent / f"{build.name}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if _built(build / "target"):
                return  # built by another process while this one waited
            work = build.with_name(f"{build.name}.partial")
            shutil.rmtree(work, ignore_errors=True)  # left by an interrupted build
            work.mkdir()
            shutil.copy2(source / "pom.xml", work / "pom.xml")
            shutil.copytree(source / "src", work / "src")
            print(f"graphprofile: building the Neo4j server jars into {build} (first use; "
                  "Maven downloads about 150 MB into ~/.m2)", file=sys.stderr)
            command = [mvn, "-q", "-B", "-f", str(work / "pom.xml"), "package", "-DskipTests"]
            try:
                done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True,
                                      text=True, cwd=work)
            except OSError as exc:
                raise StoreUnavailable(f"Could not run Maven ({mvn}): {exc}") from exc
            if done.returncode != 0 or not _built(work / "target"):
                output = (done.stdout + done.stderr).splitlines()[-LOG_TAIL_LINES:]
                raise StoreUnavailable(
                    f"Building the Neo4j server jars failed (`{' '.join(command)}` exited "
                    f"with code {done.returncode}). Last lines of its output:\n"
                    + "\n".join(output or ["(none)"])
                )
            shutil.rmtree(build, ignore_errors=True)
            os.rename(work, build)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def find_java() -> str:
    """The java to run: $JAVA_HOME/bin/java, else the one on PATH."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which("java")
    if found:
        return found
    raise StoreUnavailable(
        "Java was not found (neither $JAVA_HOME/bin/java nor java on PATH). The local Neo4j "
        "needs it: install a JDK 17 (e.g. `apt-get install openjdk-17-jdk-headless`) or set "
        "JAVA_HOME; or point NEO4J_URI at an existing Neo4j server."
    )
