"""`graphprofile import --initial`: the first load of an empty managed store through Neo4j's
offline importer gives the graph an ordinary import gives (byte-equal exports), records
the row hashes a later re-sync skips by, and refuses a store that is not empty or not
managed."""

from __future__ import annotations

import filecmp
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphprofile.cli import main
from graphprofile.config import Settings
from graphprofile.services import export_bundle, import_bundle
from graphprofile.store import open_store
from graphprofile.store.server import free_port


@pytest.fixture(scope="module")
def own_env(tmp_path_factory: pytest.TempPathFactory):
    """A managed store of its own (the offline load stops and replaces its database)."""
    home = tmp_path_factory.mktemp("initial-home")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(GRAPHPROFILE_HOME=str(home), GRAPHPROFILE_NEO4J_PORT=str(free_port()),
               GRAPHPROFILE_ACTOR="ops")
    yield env
    CliRunner().invoke(main, ["db", "stop"], env=env)


def run(env: dict[str, str], *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.output


def same_exports(a: Path, b: Path) -> None:
    files = sorted(p.name for p in a.iterdir())
    assert files == sorted(p.name for p in b.iterdir())
    _, mismatch, errors = filecmp.cmpfiles(a, b, files, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_initial_load_equals_the_ordinary_import_and_resyncs_unchanged(
        own_env, store, demo_bundle, tmp_path):
    code, out = run(own_env, "import", "--initial", str(demo_bundle), "--json")
    assert code == 0, out
    done = json.loads(out)
    assert done["initial"] is True and done["imported"]["people"] == 455
    # a home that never held a database is known empty without a start: one start in all
    log = Path(own_env["GRAPHPROFILE_HOME"]) / "logs" / "neo4j.log"
    assert log.read_text("utf-8").count(" starting Neo4j on ") == 1
    with open_store(Settings.from_env(own_env)) as offline:
        export_bundle(offline, tmp_path / "offline")  # personal fields too
    import_bundle(store, demo_bundle)  # the suite's store: the ordinary import
    export_bundle(store, tmp_path / "ordinary")
    same_exports(tmp_path / "offline", tmp_path / "ordinary")
    # every row's hash was loaded with it: importing the same bundle again skips them all
    code, out = run(own_env, "import", str(demo_bundle), "--json")
    assert code == 0, out
    counts = json.loads(out)["resync"]
    assert set(json.loads(out)["skipped_files"]) == set(done["imported"])  # read no file
    assert {name: c["unchanged"] for name, c in counts.items()} == done["imported"]
    assert all(c["changed"] == c["new"] == 0 for c in counts.values())
    # the import is in the audit log, as an ordinary one
    code, out = run(own_env, "audit-log", "--json")
    assert [e["action"] for e in json.loads(out)][-2:] == ["import", "import"]
    # now that it holds data, --initial refuses and changes nothing
    code, out = run(own_env, "import", "--initial", str(demo_bundle))
    assert code == 1 and "not empty" in out and "without --initial" in out
    code, out = run(own_env, "stats", "--json")
    assert json.loads(out)["nodes"]["Person"] == 455


def test_a_bad_bundle_is_refused_with_every_problem_and_nothing_loaded(own_env, tmp_path,
                                                                       demo_bundle):
    run(own_env, "db", "clear", "--yes")
    bad = tmp_path / "bad"
    shutil.copytree(demo_bundle, bad)
    people = (bad / "people.csv").read_text("utf-8").splitlines()
    people[3] = people[3].replace("hartwell-d-", "nowhere-d-", 1)
    (bad / "people.csv").write_text("\n".join(people) + "\n", "utf-8")
    code, out = run(own_env, "import", "--initial", str(bad))
    assert code == 1 and "people.csv" in out and "nowhere-d-" in out
    code, out = run(own_env, "stats", "--json")  # the server is back, still empty
    assert code == 0, out
    assert sum(json.loads(out)["nodes"].values()) == 0


def test_initial_refuses_a_store_it_does_not_manage(own_env, demo_bundle):
    env = {**own_env, "NEO4J_URI": "bolt://127.0.0.1:1", "NEO4J_PASSWORD": "x"}
    code, out = run(env, "import", "--initial", str(demo_bundle))
    assert code == 1 and "NEO4J_URI is set" in out
    code, out = run(own_env, "import", "--initial", str(demo_bundle), "--from", "hubspot")
    assert code == 2 and "--initial takes a bundle" in out
