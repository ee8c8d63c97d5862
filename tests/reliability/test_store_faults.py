"""Faults against the real Neo4j: rejected bundles, injection strings, a JVM killed in the
middle of an import, and a server that is not there."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from graphprofile import resources
from graphprofile.config import Settings
from graphprofile.errors import InvalidInput
from graphprofile.importer.bundle import unneutralise
from graphprofile.services import export_bundle, import_bundle
from graphprofile.store.records import stats
from graphprofile.store.server import free_port

ROOT = Path(__file__).resolve().parents[2]
GRAPHPROFILE = ROOT / ".venv" / "bin" / "graphprofile"
LABELS = {"Company", "Department", "Person", "Colleague", "Product", "Opportunity",
          "Interaction"}



def _tree_digest(folder: Path) -> str:
    """One checksum of every file of a folder, names included."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _export_digest(store, out: Path) -> str:
    export_bundle(store, out)
    return _tree_digest(out)


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)  # lone "\r" too
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")


def _read_csv(path: Path) -> list[dict[str, str]]:
    """An exported file's cells as the importer reads them (formula quotes removed)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: unneutralise(v) for k, v in row.items()} for row in csv.DictReader(handle)]


def _raw_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _graph_shape(store) -> tuple[int, int, set[str], set[str]]:
    """Nodes, relationships, labels and relationship types actually in the graph."""
    def work(tx):
        nodes = tx.run("MATCH (n) RETURN count(n) AS n").single()["n"]
        rels = tx.run("MATCH ()-[r]->() RETURN count(r) AS n").single()["n"]
        labels = {r["l"] for r in tx.run("MATCH (n) UNWIND labels(n) AS l RETURN DISTINCT l")}
        types = {r["t"] for r in tx.run("MATCH ()-[r]->() RETURN DISTINCT type(r) AS t")}
        return nodes, rels, labels, types
    return store.read_tx(work)


# --- a rejected bundle changes nothing ------------------------------------------------


def _hostile_copy(demo: Path, out: Path) -> Path:
    """The demo bundle with errors in several files, some only found at the very end."""
    shutil.copytree(demo, out)
    people = (out / "people.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    # A new, valid-looking person whose name is an injection, and one with a bad seniority.
    header = people[0].rstrip("\n").split(",")
    blank = dict.fromkeys(header, "")
    new = [dict(blank, id="evil-1", company_id="hartwell", name="'}) DETACH DELETE n //"),
           dict(blank, id="evil-2", company_id="hartwell", name="x", seniority="emperor"),
           dict(blank, id="evil-3", company_id="no-such-company", name="y")]
    buffer = io.StringIO(newline="")
    csv.DictWriter(buffer, header, lineterminator="\n").writerows(new)
    (out / "people.csv").write_text("".join(people) + buffer.getvalue(), encoding="utf-8")
    with (out / "relationships.csv").open("a", encoding="utf-8") as handle:
        handle.write("c-aiko,evil-1,9,,,\n")  # strength out of range
    with (out / "interactions.csv").open("a", encoding="utf-8") as handle:
        handle.write("evil-i,2026-13-01,c-aiko,ghost-person,meeting,,=cmd|' /C calc'!A0\n")
    (out / "roles.csv").write_bytes((out / "roles.csv").read_bytes() + b"p,\xff\xfe,,\n")
    return out


def test_a_rejected_bundle_leaves_the_database_exactly_as_it_was(store, demo_bundle, tmp_path):
    import_bundle(store, demo_bundle)
    before_stats = stats(store)
    before_shape = _graph_shape(store)
    before = _export_digest(store, tmp_path / "before")

    bad = _hostile_copy(demo_bundle, tmp_path / "bad")
    with pytest.raises(InvalidInput) as caught:
        import_bundle(store, bad, batch_size=7)
    files = {p.file for p in caught.value.problems}
    assert {"people.csv", "relationships.csv", "interactions.csv", "roles.csv"} <= files
    assert len(caught.value.problems) >= 5

    assert stats(store) == before_stats
    assert _graph_shape(store) == before_shape
    assert _export_digest(store, tmp_path / "after") == before


# --- injection strings are data -------------------------------------------------------

INJECTIONS = [
    "'}) DETACH DELETE n //",
    '"}) MATCH (n) DETACH DELETE n RETURN 1 //',
    "x'}) WITH 1 AS x CREATE (:Pwned {by: 'name'}) //",
    "`}) CALL db.clearQueryCaches() //",
    "$rows",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "=cmd|' /C calc'!A0",
    "+SUM(A1:A9)",
    '"quoted", with a comma',
    "two\nlines",
    "carriage\rreturn",
    "Zoë Ó'Brien 李小龙 محمد",
    "\\'; DROP TABLE people; --",
    "{{7*7}} ${jndi:ldap://x/a}",
]


def _injection_bundle(out: Path) -> Path:
    out.mkdir()
    n = len(INJECTIONS)
    _write_csv(out / "companies.csv", ["id", "name", "industry", "overview"],
               [["co", INJECTIONS[0], INJECTIONS[1], INJECTIONS[2]]])
    _write_csv(out / "departments.csv", ["id", "company_id", "name", "function"],
               [["dep", "co", INJECTIONS[3], "it"]])
    _write_csv(out / "people.csv", ["id", "company_id", "name", "department_id", "title",
                                    "notes"],
               [[f"p{i}", "co", text, "dep", INJECTIONS[(i + 1) % n], INJECTIONS[(i + 2) % n]]
                for i, text in enumerate(INJECTIONS)])
    _write_csv(out / "influence.csv", ["source_id", "target_id", "note"],
               [["p0", "p1", INJECTIONS[0]], ["p1", "p2", INJECTIONS[5]]])
    _write_csv(out / "colleagues.csv", ["id", "name", "function"],
               [["c1", INJECTIONS[4], "sales"]])
    _write_csv(out / "products.csv", ["id", "name", "category"],
               [["prod", INJECTIONS[6], INJECTIONS[7]]])
    _write_csv(out / "opportunities.csv", ["id", "company_id", "name", "stage", "product_id"],
               [["o1", "co", INJECTIONS[8], "proposal", "prod"]])
    _write_csv(out / "roles.csv", ["person_id", "role", "opportunity_id", "note"],
               [["p0", "champion", "o1", INJECTIONS[1]]])
    _write_csv(out / "interactions.csv", ["id", "date", "colleague_id", "person_id", "type",
                                          "summary"],
               [[f"i{i}", "2026-01-02", "c1", f"p{i}", "note", text]
                for i, text in enumerate(INJECTIONS)])
    return out


def test_injection_strings_are_stored_and_exported_verbatim(store, tmp_path):
    bundle = _injection_bundle(tmp_path / "in")
    result = import_bundle(store, bundle)
    n = len(INJECTIONS)
    assert result.written["people"] == n

    nodes, _rels, labels, types = _graph_shape(store)
    files = len(list(bundle.glob("*.csv")))  # one ImportedFile bookkeeping node per file
    assert nodes == 1 + 1 + n + 1 + 1 + 1 + n + files  # nothing deleted, nothing created
    assert labels == LABELS | {"ImportedFile"}
    assert types <= set(stats(store)["relationships"])

    stored = store.read_tx(lambda tx: {
        r["id"]: (r["name"], r["title"], r["notes"])
        for r in tx.run("MATCH (p:Person) RETURN p.id AS id, p.name AS name, "
                        "p.title AS title, p.notes AS notes")})
    for i, text in enumerate(INJECTIONS):
        assert stored[f"p{i}"] == (text, INJECTIONS[(i + 1) % n], INJECTIONS[(i + 2) % n])
    summaries = store.read_tx(lambda tx: {
        r["id"]: r["s"] for r in tx.run("MATCH (i:Interaction) RETURN i.id AS id, "
                                        "i.summary AS s")})
    assert summaries == {f"i{i}": text for i, text in enumerate(INJECTIONS)}

    out = tmp_path / "out"
    export_bundle(store, out)
    people = {row["id"]: row for row in _read_csv(out / "people.csv")}
    for i, text in enumerate(INJECTIONS):
        assert people[f"p{i}"]["name"] == text
        assert people[f"p{i}"]["notes"] == INJECTIONS[(i + 2) % n]
    company = _read_csv(out / "companies.csv")[0]
    assert (company["name"], company["industry"], company["overview"]) == tuple(INJECTIONS[:3])
    assert [r["note"] for r in _read_csv(out / "roles.csv")] == [INJECTIONS[1]]
    assert [r["category"] for r in _read_csv(out / "products.csv")] == [INJECTIONS[7]]
    # In the file itself no cell starts like a spreadsheet formula: each is quoted.
    formulas = [text for text in INJECTIONS if text[:1] in "=+-@"]
    assert formulas
    raw = "".join(p.read_text(encoding="utf-8") for p in sorted(out.glob("*.csv")))
    for text in formulas:
        assert "'" + text in raw
    for row in _raw_csv(out / "people.csv"):
        assert all(not v or v[0] not in "=+-@" for v in row.values()), row

    # export -> import -> export is byte-identical, and the exported bytes hold every string
    import_bundle(store, out)
    again = tmp_path / "again"
    export_bundle(store, again)
    assert _tree_digest(again) == _tree_digest(out)
    assert _graph_shape(store)[:2] == (nodes, _rels)


# --- kill -9 in the middle of an import -----------------------------------------------


def _cli_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["GRAPHPROFILE_HOME"] = str(home)
    env["PYTHONUNBUFFERED"] = "1"
    return env


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[tuple[Settings, object]]:
    """A managed Neo4j of this test's own, in a temporary home."""
    from graphprofile.store.server import LocalServer

    settings = replace(Settings.from_env(), neo4j_uri=None, home=tmp_path / "home",
                       preferred_port=free_port(), heap="512m", pagecache="128m")
    server = LocalServer(settings)
    server.start()
    try:
        yield settings, server
    finally:
        server.stop(timeout=30)


def _person_count(store) -> int:
    return store.read_tx(lambda tx: tx.run("MATCH (p:Person) RETURN count(p) AS n")
                         .single()["n"])


def test_kill_9_mid_import_then_reimport_is_complete_and_clean(own_server, tmp_path):
    from graphprofile.store import open_store

    settings, server = own_server
    from graphprofile.fixtures import generate as generator

    bundle = tmp_path / "bundle"
    counts = generator.generate(bundle, accounts=40, seed=3)
    total_people = counts["people.csv"]
    env = _cli_env(settings.home)

    store = open_store(settings)
    try:
        proc = subprocess.Popen(
            [str(GRAPHPROFILE), "import", str(bundle), "--batch-size", "200"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        seen = 0
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            seen = _person_count(store)
            if 0 < seen < total_people:
                break
            time.sleep(0.01)
        assert 0 < seen < total_people, f"never caught the import half-way ({seen} people)"
        pid = server.status().pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        try:
            out, err = proc.communicate(timeout=90)
        except subprocess.TimeoutExpired:  # pragma: no cover - a hung import is a failure
            proc.kill()
            out, err = proc.communicate()
            pytest.fail(f"the import hung after the kill: {err[-2000:]}")
    finally:
        store.close()

    assert proc.returncode == 2, (proc.returncode, out, err)
    assert "Traceback" not in err, err
    # One line of the tool's own: no driver log lines, no wrapped driver text.
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: Neo4j at ") and "is unavailable" in lines[0], err

    server.start()  # Neo4j recovers its store from the transaction log
    rerun = subprocess.run(
        [str(GRAPHPROFILE), "import", str(bundle)],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert rerun.returncode == 0, rerun.stderr

    with open_store(settings) as store:
        recovered_stats = stats(store)
        recovered = _export_digest(store, tmp_path / "recovered")
        store.clear()
        import_bundle(store, bundle)
        clean_stats = stats(store)
        clean = _export_digest(store, tmp_path / "clean")
    assert recovered_stats == clean_stats
    assert recovered_stats["nodes"]["Person"] == total_people
    assert recovered == clean


# --- Neo4j is not there ---------------------------------------------------------------

DEMO = str(resources.demo_bundle())


def _run_against(uri: str, args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(NEO4J_URI=uri, NEO4J_PASSWORD="x", GRAPHPROFILE_HOME=str(home))
    return subprocess.run([str(GRAPHPROFILE), *args], env=env, capture_output=True,
                          text=True, timeout=60)


@pytest.mark.parametrize("args", [["stats"], ["import", DEMO], ["stats", "--json"],
                                  ["import", DEMO, "--json"]])
def test_a_closed_port_gives_exit_2_and_no_traceback(args, tmp_path):
    started = time.monotonic()
    result = _run_against(f"bolt://127.0.0.1:{free_port()}", args, tmp_path / "home")
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    if "--json" in args:
        assert '"error": "Neo4j at bolt://127.0.0.1:' in result.stdout
    else:
        assert result.stdout == ""
        assert result.stderr.startswith("error: Neo4j at bolt://127.0.0.1:")
        assert "is unavailable" in result.stderr.splitlines()[0]
    assert time.monotonic() - started < 30


@pytest.mark.parametrize("args", [["stats"], ["import", DEMO]])
def test_a_closed_port_gives_a_one_line_message(args, tmp_path):
    result = _run_against(f"bolt://127.0.0.1:{free_port()}", args, tmp_path / "home")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@contextlib.contextmanager
def _bolt_server_that_hangs_up() -> Iterator[int]:
    """A port that agrees on a Bolt version, then closes the connection (as a dying JVM)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)

    def serve() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                conn.recv(20)  # magic preamble and proposed versions
                conn.sendall(bytes([0, 0, 4, 5]))  # Bolt 5.4
                conn.recv(4096)  # HELLO: then hang up

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        server.close()
        thread.join(timeout=5)


def test_driver_log_lines_do_not_reach_stderr(tmp_path):
    with _bolt_server_that_hangs_up() as port:
        result = _run_against(f"bolt://127.0.0.1:{port}", ["stats"], tmp_path / "home")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert all(line.startswith("error: ") for line in result.stderr.strip().splitlines()), (
        result.stderr)
