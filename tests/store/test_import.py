"""Import, re-import, export round trip and stats against the real Neo4j."""

from __future__ import annotations

import csv
import filecmp
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphprofile import cypher
from graphprofile.cli import main
from graphprofile.errors import InvalidInput
from graphprofile.importer.load import check_bundle, write_checked
from graphprofile.models import BUNDLE
from graphprofile.services import export_bundle, import_bundle
from graphprofile.store.records import account_snapshot, prepare_writes, stats


def _rows(bundle: Path, name: str) -> list[dict[str, str]]:
    path = bundle / f"{name}.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _filled(rows: list[dict[str, str]], column: str) -> int:
    return sum(1 for row in rows if (row.get(column) or "").strip())


def expected_stats(bundle: Path) -> dict[str, dict[str, int]]:
    """What `stats` must say after importing ``bundle`` into an empty store,
    computed from the CSV files alone (an oracle independent of the store)."""
    r = {name: _rows(bundle, name) for name in (
        "companies", "departments", "people", "influence", "colleagues", "relationships",
        "account_team", "products", "deployments", "opportunities", "roles", "interactions")}
    previous = sum(
        len({c.strip() for c in (p.get("previous_company_ids") or "").split(";") if c.strip()})
        for p in r["people"]
    )
    return {
        "nodes": {
            "Company": len(r["companies"]), "Department": len(r["departments"]),
            "Person": len(r["people"]), "Colleague": len(r["colleagues"]),
            "Product": len(r["products"]), "Opportunity": len(r["opportunities"]),
            "Interaction": len(r["interactions"]),
        },
        "relationships": {
            "SUBSIDIARY_OF": _filled(r["companies"], "parent_id"),
            "PART_OF": len(r["departments"]),
            "SUB_UNIT_OF": _filled(r["departments"], "parent_id"),
            "WORKS_AT": len(r["people"]),
            "MEMBER_OF": _filled(r["people"], "department_id"),
            "PREVIOUSLY_AT": previous,
            "REPORTS_TO": _filled(r["people"], "reports_to")
            + _filled(r["colleagues"], "manager_id"),
            "DOTTED_LINE_TO": sum(len([b for b in (p.get("dotted_line_to") or "").split(";")
                                       if b.strip()]) for p in r["people"]),
            "INFLUENCES": len(r["influence"]),
            "KNOWS": len(r["relationships"]),
            "ON_ACCOUNT_TEAM": len(r["account_team"]),
            "USES": len(r["deployments"]),
            "FOR_ACCOUNT": len(r["opportunities"]),
            "IN_DEPARTMENT": _filled(r["opportunities"], "department_id"),
            "FOR_PRODUCT": _filled(r["opportunities"], "product_id"),
            "OWNED_BY": _filled(r["opportunities"], "owner_id"),
            "HAS_ROLE": len(r["roles"]),
            "BY": len(r["interactions"]),
            "WITH": len(r["interactions"]),
            "ABOUT": _filled(r["interactions"], "opportunity_id"),
        },
    }


@pytest.fixture(scope="module")
def generated_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated")
    result = CliRunner().invoke(main, ["generate", str(out), "--accounts", "12", "--seed", "5"])
    assert result.exit_code == 0, result.output
    return out


def test_schema_applies_twice(store):
    store.apply_schema()
    store.apply_schema()
    constraints = store.read_tx(lambda tx: [r["name"] for r in tx.run("SHOW CONSTRAINTS")])
    expected = {line.split()[2] for line in cypher.statements("schema")
                if line.startswith("CREATE CONSTRAINT")}
    assert expected <= set(constraints)
    # Every label of the contract has its id constraint.
    assert {"company_id", "department_id", "person_id", "colleague_id", "product_id",
            "opportunity_id", "interaction_id"} <= expected


def test_demo_imports_with_exact_counts(store, demo_bundle):
    result = import_bundle(store, demo_bundle)
    assert stats(store) == expected_stats(demo_bundle)
    assert result.written["people"] == len(_rows(demo_bundle, "people"))


def test_generated_bundle_imports_with_exact_counts(store, generated_bundle):
    import_bundle(store, generated_bundle, batch_size=97)  # odd size: many partial batches
    assert stats(store) == expected_stats(generated_bundle)


def test_reimport_changes_nothing(store, demo_bundle, tmp_path):
    import_bundle(store, demo_bundle)
    first_stats = stats(store)
    export_bundle(store, tmp_path / "first")
    import_bundle(store, demo_bundle)
    assert stats(store) == first_stats
    export_bundle(store, tmp_path / "second")
    assert _same_tree(tmp_path / "first", tmp_path / "second")


def test_changed_values_are_updated(store, tmp_path):
    bundle = _tiny_bundle(tmp_path / "v1")
    import_bundle(store, bundle)
    (bundle / "departments.csv").write_text(
        "id,company_id,name,function\nacme-it,acme,IT,it\nacme-ops,acme,Ops,operations\n")
    people = (bundle / "people.csv").read_text()
    (bundle / "people.csv").write_text(
        people.replace("p1,acme,Al Admin,acme-it,", "p1,acme,Al Admin,acme-ops,")
        .replace("p2,acme,Bea Boss,acme-it,CIO,c_level,,",
                       "p2,acme,Bea Boss,acme-it,Chief Digital Officer,c_level,p3,")
        .replace("p3,acme,Cy Chief,acme-it,CEO,c_level,p2,",
                 "p3,acme,Cy Chief,acme-it,CEO,c_level,,")
    )
    import_bundle(store, bundle)
    snapshot = account_snapshot(store, "acme")
    by_id = {p.id: p for p in snapshot.people}
    assert by_id["p2"].title == "Chief Digital Officer"
    assert by_id["p2"].reports_to == "p3"
    assert by_id["p3"].reports_to is None
    lines = store.read_tx(lambda tx: sorted(
        (r["a"], r["b"]) for r in tx.run(
            "MATCH (a:Person)-[:REPORTS_TO]->(b:Person) RETURN a.id AS a, b.id AS b")))
    assert lines == [("p1", "p2"), ("p2", "p3")]
    members = store.read_tx(lambda tx: sorted(
        (r["p"], r["d"]) for r in tx.run(
            "MATCH (p:Person)-[:MEMBER_OF]->(d:Department) RETURN p.id AS p, d.id AS d")))
    assert members == [("p1", "acme-ops"), ("p2", "acme-it"), ("p3", "acme-it")]


def _lines(store, query: str) -> list[tuple[str, str]]:
    return store.read_tx(lambda tx: sorted((r["a"], r["b"]) for r in tx.run(query)))


REPORTING = "MATCH (a:Person)-[:REPORTS_TO]->(b:Person) RETURN a.id AS a, b.id AS b"
NESTING = "MATCH (a:Department)-[:SUB_UNIT_OF]->(b:Department) RETURN a.id AS a, b.id AS b"


@pytest.mark.parametrize("writers", [1, 2])
def test_lines_to_rows_later_in_the_file_are_drawn(store, tmp_path, writers):
    """Reports listed before their managers (and sub-units before their parents), in
    batches of one: those lines wait for the last pass; the others are drawn at once."""
    bundle = _tiny_bundle(tmp_path / "b")
    (bundle / "departments.csv").write_text(
        "id,company_id,name,function,parent_id\n"
        "acme-dev,acme,Dev,it,acme-it\nacme-it,acme,IT,it,\nacme-ops,acme,Ops,it,acme-it\n")
    (bundle / "people.csv").write_text(
        "id,company_id,name,department_id,title,seniority,reports_to,email\n"
        "p1,acme,Al Admin,acme-dev,Sysadmin,staff,p2,\n"
        "p2,acme,Bea Boss,acme-it,CIO,c_level,p4,\n"
        "p4,acme,Di Dean,acme-it,CEO,c_level,,\n"
        "p3,acme,Cy Chief,acme-ops,COO,c_level,p4,\n")
    seen: list[str] = []
    import_bundle(store, bundle, batch_size=1, writers=writers,
                  progress=lambda name, n: seen.append(name))
    assert _lines(store, REPORTING) == [("p1", "p2"), ("p2", "p4"), ("p3", "p4")]
    assert _lines(store, NESTING) == [("acme-dev", "acme-it"), ("acme-ops", "acme-it")]
    if writers == 1:
        # Two writers may commit a manager's batch before its report's: nothing waits then.
        assert "people links" in seen and "departments links" in seen
    assert stats(store) == expected_stats(bundle)


def test_a_batch_of_stored_and_new_rows(store, tmp_path):
    """Rows already stored are merged (their changed lines replaced) and new rows
    created in the same batch, without duplicates."""
    bundle = _tiny_bundle(tmp_path / "b")
    import_bundle(store, bundle)
    (bundle / "departments.csv").write_text(
        "id,company_id,name,function,parent_id\n"
        "acme-ops,acme,Ops,operations,\nacme-it,acme,IT,it,acme-ops\n")
    (bundle / "people.csv").write_text(
        "id,company_id,name,department_id,title,seniority,reports_to,email\n"
        "p1,acme,Al Admin,acme-it,Sysadmin,staff,p4,\n"      # stored: its manager is new
        "p4,acme,Di Dean,acme-ops,COO,c_level,p2,\n"         # new: its manager is stored
        "p2,acme,Bea Boss,acme-it,CIO,c_level,,\n"
        "p3,acme,Cy Chief,acme-it,CEO,c_level,p2,\n")
    import_bundle(store, bundle, batch_size=10)
    assert _lines(store, REPORTING) == [("p1", "p4"), ("p3", "p2"), ("p4", "p2")]
    assert _lines(store, NESTING) == [("acme-it", "acme-ops")]
    assert stats(store) == expected_stats(bundle)


def test_an_id_stored_meanwhile_by_another_transaction(store, tmp_path):
    """The batch asks which ids are stored, then CREATEs the others. When another
    transaction stores one of them in between, the uniqueness constraint refuses the
    CREATE and the batch is written by MERGE instead: one node, the batch's values."""
    import threading

    from graphprofile.store.records import upsert_rows

    import_bundle(store, _tiny_bundle(tmp_path / "b"))
    row = {"id": "p9", "company_id": "acme", "name": "Nia New", "title": "CTO",
           "department_id": "acme-it", "reports_to": "p2", "seniority": "c_level"}
    waiting: list = []
    with store.driver.session(database=store.database) as session:
        other = session.begin_transaction()
        other.run("CREATE (:Person {id: 'p9', name: 'Other'})").consume()
        writer = threading.Thread(
            target=lambda: waiting.extend(upsert_rows(store, "people", [row])))
        writer.start()
        writer.join(timeout=2)
        assert writer.is_alive()  # its CREATE waits for the uncommitted p9
        other.commit()
    writer.join(timeout=60)
    assert not writer.is_alive() and waiting == []
    people = store.read_tx(lambda tx: [r.data() for r in tx.run(
        "MATCH (p:Person {id: 'p9'}) OPTIONAL MATCH (p)-[:REPORTS_TO]->(m) "
        "RETURN p.name AS name, m.id AS manager")])
    assert people == [{"name": "Nia New", "manager": "p2"}]


@pytest.mark.parametrize("writers", [1, 3])
def test_what_was_validated_is_what_is_written(store, demo_bundle, tmp_path, writers):
    """The write pass reads the rows set aside by validation, not the files again: a
    file changed (even broken) after the check does not change what is written."""
    bundle = tmp_path / "bundle"
    shutil.copytree(demo_bundle, bundle)
    checked, report = check_bundle(store, bundle)
    kept = checked.validated
    assert kept is not None and kept.folder.is_dir()
    (bundle / "people.csv").write_text("id,company_id,name\nbroken", encoding="utf-8")
    result = write_checked(store, checked, report, batch_size=7, writers=writers)
    assert result.written == report.counts
    assert stats(store) == expected_stats(demo_bundle)
    assert not kept.folder.exists() and checked.validated is None


def test_preparing_the_write_statements_changes_nothing(store, demo_bundle):
    """What check_bundle has the server plan while it reads: every write statement of
    every file, run on no rows, over a store that holds what they would change."""
    import_bundle(store, demo_bundle)
    before = stats(store)
    prepare_writes(store, [spec.name for spec in BUNDLE])
    assert stats(store) == before


def test_a_failed_check_keeps_no_rows(store, demo_bundle, tmp_path):
    bundle = tmp_path / "bundle"
    shutil.copytree(demo_bundle, bundle)
    with (bundle / "people.csv").open("a", encoding="utf-8") as handle:
        handle.write("p-bad,nowhere,Nobody\n")
    checked, report = check_bundle(store, bundle)
    assert report.problems and checked.validated is None
    with pytest.raises(InvalidInput):
        write_checked(store, checked, report)
    assert stats(store)["nodes"].get("Person", 0) == 0


def test_bundle_with_errors_in_several_files_writes_nothing(store, demo_bundle, tmp_path):
    import_bundle(store, demo_bundle)
    before = stats(store)
    bad = tmp_path / "bad"
    _tiny_bundle(bad)
    with (bad / "people.csv").open("a") as handle:
        handle.write("p9,acme,Nine,acme-it,Analyst,overlord,,\n")        # bad enum
        handle.write("p10,nowhere,Ten,,Analyst,staff,,\n")                # dangling company
    with (bad / "relationships.csv").open("a") as handle:
        handle.write("c1,p1,9\n")                                          # strength out of range
    (bad / "departments.csv").write_text("id,company_id,name\nacme-x,acme,X\n")  # no function
    with pytest.raises(InvalidInput) as info:
        import_bundle(store, bad)
    problems = {(p.file, p.row, p.column) for p in info.value.problems}
    assert ("people.csv", 5, "seniority") in problems
    assert ("people.csv", 6, "company_id") in problems
    assert ("relationships.csv", 3, "strength") in problems
    assert any(p[0] == "departments.csv" and p[2] == "function" for p in problems)
    assert stats(store) == before


def test_export_import_round_trip_is_byte_identical(store, demo_bundle, tmp_path):
    import_bundle(store, demo_bundle)
    export_bundle(store, tmp_path / "one")
    store.clear()
    import_bundle(store, tmp_path / "one")
    export_bundle(store, tmp_path / "two")
    assert _same_tree(tmp_path / "one", tmp_path / "two")
    assert stats(store) == expected_stats(demo_bundle)


def test_cli_import_stats_and_errors(store, demo_bundle, cli_env, tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["import", str(demo_bundle), "--json"], env=cli_env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["imported"]["people"] == len(_rows(demo_bundle, "people"))
    result = runner.invoke(main, ["stats", "--json"], env=cli_env)
    assert json.loads(result.output) == expected_stats(demo_bundle)

    bad = _tiny_bundle(tmp_path / "bad")
    with (bad / "people.csv").open("a") as handle:
        handle.write("p9,acme,Nine,acme-it,Analyst,overlord,,\n")
    result = runner.invoke(main, ["import", str(bad), "--json"], env=cli_env)
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert {"file": "people.csv", "row": 5, "column": "seniority"}.items() <= \
        payload["problems"][0].items()


def test_neo4j_uri_is_honoured(store, neo4j_settings, tmp_path):
    """With NEO4J_URI set, the CLI uses that server and starts none of its own."""
    from graphprofile.store.server import LocalServer

    if neo4j_settings.managed:
        server = LocalServer(neo4j_settings)
        status = server.status()
        user, password = server.auth()
        uri = status.uri
    else:
        uri, user = neo4j_settings.neo4j_uri, neo4j_settings.neo4j_user
        password = neo4j_settings.neo4j_password or ""
    store.write_tx(lambda tx: tx.run("CREATE (:Company {id: 'marker', name: 'M', industry: 'x'})")
                   .consume())
    empty_home = tmp_path / "unused-home"
    env = {"NEO4J_URI": uri, "NEO4J_USER": user, "NEO4J_PASSWORD": password,
           "NEO4J_DATABASE": neo4j_settings.neo4j_database, "GRAPHPROFILE_HOME": str(empty_home)}
    result = CliRunner().invoke(main, ["stats", "--json"], env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["nodes"]["Company"] == 1
    assert not (empty_home / "server.json").exists()


def test_unreachable_server_exits_2(tmp_path):
    env = {"NEO4J_URI": "bolt://127.0.0.1:1", "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": "x",
           "GRAPHPROFILE_HOME": str(tmp_path)}
    result = CliRunner().invoke(main, ["stats", "--json"], env=env)
    assert result.exit_code == 2
    assert "unavailable" in json.loads(result.output)["error"]


# --- helpers ---------------------------------------------------------------------------


def _tiny_bundle(folder: Path) -> Path:
    folder.mkdir(parents=True)
    files = {
        "companies.csv": "id,name,industry\nacme,Acme,manufacturing\n",
        "departments.csv": "id,company_id,name,function\nacme-it,acme,IT,it\n",
        "people.csv": (
            "id,company_id,name,department_id,title,seniority,reports_to,email\n"
            "p1,acme,Al Admin,acme-it,Sysadmin,staff,p2,\n"
            "p2,acme,Bea Boss,acme-it,CIO,c_level,,\n"
            "p3,acme,Cy Chief,acme-it,CEO,c_level,p2,\n"
        ),
        "colleagues.csv": "id,name,function\nc1,Casey Rep,sales\n",
        "relationships.csv": "colleague_id,person_id,strength\nc1,p2,4\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _same_tree(a: Path, b: Path) -> bool:
    names_a = sorted(p.name for p in a.iterdir())
    names_b = sorted(p.name for p in b.iterdir())
    if names_a != names_b:
        return False
    match, mismatch, errors = filecmp.cmpfiles(a, b, names_a, shallow=False)
    return not mismatch and not errors


def test_helpers_compare_trees(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.csv").write_text("1\n")
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    assert _same_tree(tmp_path / "a", tmp_path / "b")
    (tmp_path / "b" / "x.csv").write_text("2\n")
    assert not _same_tree(tmp_path / "a", tmp_path / "b")
