"""Re-sync: an import skips rows unchanged since the last one, writes the changed, and
deletes what a full export lacks only with --prune; the graph then equals a clean
import of the new bundle (byte-equal exports)."""

from __future__ import annotations

import csv
import filecmp
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from fixtures.generate import generate
from graphprofile.cli import main
from graphprofile.errors import InvalidInput
from graphprofile.importer import parallel
from graphprofile.importer.hashing import HASH_PROPERTY, row_hash
from graphprofile.importer.load import check_bundle, touched_companies
from graphprofile.models import BUNDLE, Person
from graphprofile.services import account_graph_of, export_bundle, import_bundle, save_person
from graphprofile.services.history import FOLLOWED, company_changes


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        writer.writerows(rows)


def _edit(bundle: Path, name: str, change) -> None:
    header, rows = _read(bundle / f"{name}.csv")
    _write(bundle / f"{name}.csv", header, change(rows))


def _export(store, out: Path) -> Path:
    export_bundle(store, out)
    return out


def _same_exports(a: Path, b: Path) -> None:
    files = sorted(p.name for p in a.iterdir())
    assert files == sorted(p.name for p in b.iterdir())
    match, mismatch, errors = filecmp.cmpfiles(a, b, files, shallow=False)
    assert (mismatch, errors) == ([], [])


def _clean_export(store, bundle: Path, out: Path) -> Path:
    store.clear()
    import_bundle(store, bundle)
    return _export(store, out)


def _changes(store, company_id: str) -> int:
    return len(company_changes(store, company_id)["changes"])


@pytest.fixture
def bundle(tmp_path: Path, demo_bundle: Path) -> Path:
    copy = tmp_path / "bundle"
    shutil.copytree(demo_bundle, copy)
    return copy


def test_unchanged_reimport_writes_nothing(store, bundle, tmp_path):
    first = import_bundle(store, bundle)
    assert all(c["new"] > 0 or c["unchanged"] == 0 for c in first.resync.values())
    before = _export(store, tmp_path / "before")
    _header, companies = _read(bundle / "companies.csv")
    changes = {c["id"]: _changes(store, c["id"]) for c in companies}

    again = import_bundle(store, bundle)

    assert again.total == 0
    assert set(again.written.values()) == {0}
    for spec in BUNDLE:
        if (bundle / spec.filename).exists():
            _header, rows = _read(bundle / spec.filename)
            assert again.resync[spec.name] == {
                "unchanged": len(rows), "changed": 0, "new": 0, "pruned": 0}
    assert again.companies == frozenset()  # no account touched, no summary forgotten
    assert {c: _changes(store, c) for c in changes} == changes  # no change recorded
    _same_exports(before, _export(store, tmp_path / "after"))


def _present(bundle: Path) -> set[str]:
    return {spec.name for spec in BUNDLE if (bundle / spec.filename).exists()}


def test_files_unchanged_since_the_last_import_are_skipped_whole(store, bundle, tmp_path):
    assert import_bundle(store, bundle).skipped_files == ()
    again = import_bundle(store, bundle)
    assert set(again.skipped_files) == _present(bundle) and again.total == 0

    def change(rows):
        rows[2]["title"] = "Chief Skipping Officer"
        return rows

    _edit(bundle, "people", change)
    total, moved = [], []
    edited = import_bundle(store, bundle, started=total.append,
                           progress=lambda _file, n: moved.append(n))
    assert sum(moved) == total[0]  # the bar counts the rows skipped, whole or one by one
    assert set(edited.skipped_files) == _present(bundle) - {"people"}
    assert edited.resync["people"]["changed"] == 1 and edited.total == 1
    # Another file's rows name this file's people: the store answers for them.
    _header, roles = _read(bundle / "roles.csv")
    assert edited.resync["roles"]["unchanged"] == len(roles)
    assert "people" in import_bundle(store, bundle).skipped_files  # recorded afresh
    resynced = _export(store, tmp_path / "resynced")
    _same_exports(resynced, _clean_export(store, bundle, tmp_path / "clean"))


def test_a_record_edited_in_the_app_is_written_back_by_the_same_file(store, bundle,
                                                                      tmp_path):
    import_bundle(store, bundle)
    clean = _export(store, tmp_path / "clean")
    G = account_graph_of(store, "hartwell")
    person = Person(**{k: v for k, v in G.nodes[("person", "hartwell-p-002")].items()
                       if k in Person.model_fields})
    save_person(store, person.model_copy(update={"title": "Edited In The App"}))

    again = import_bundle(store, bundle)
    assert "people" not in again.skipped_files  # the file is the same, the store is not
    assert again.resync["people"]["changed"] == 1
    _same_exports(clean, _export(store, tmp_path / "again"))


def test_prune_reads_a_file_whose_records_the_store_holds_more_of(store, bundle, tmp_path):
    import_bundle(store, bundle)
    G = account_graph_of(store, "hartwell")
    person = Person(**{k: v for k, v in G.nodes[("person", "hartwell-p-002")].items()
                       if k in Person.model_fields})
    save_person(store, person.model_copy(update={"id": "added-in-the-app",
                                                 "reports_to": None}))

    kept = import_bundle(store, bundle)
    assert "people" in kept.skipped_files  # without --prune the addition stays
    assert "added-in-the-app" in {p["id"] for p in _read(
        _export(store, tmp_path / "kept") / "people.csv")[1]}
    pruned = import_bundle(store, bundle, prune=True)
    assert "people" not in pruned.skipped_files
    assert pruned.resync["people"]["pruned"] == 1
    _same_exports(_export(store, tmp_path / "pruned"),
                  _clean_export(store, bundle, tmp_path / "clean"))


def test_the_history_reads_only_accounts_its_own_files_change(store, bundle):
    import_bundle(store, bundle)
    _header, people = _read(bundle / "people.csv")
    company_of = {p["id"]: p["company_id"] for p in people}
    _header, interactions = _read(bundle / "interactions.csv")
    met = company_of[interactions[0]["person_id"]]
    titled = next(p for p in people if p["company_id"] != met)

    def summary(rows):
        rows[0]["summary"] = "Only the notes changed"
        return rows

    def title(rows):
        for r in rows:
            if r["id"] == titled["id"]:
                r["title"] = "Chief History Officer"
        return rows

    _edit(bundle, "interactions", summary)
    _edit(bundle, "people", title)
    checked, _report = check_bundle(store, bundle)
    try:
        assert touched_companies(store, checked) == {met, titled["company_id"]}
        assert touched_companies(store, checked, files=FOLLOWED) == {titled["company_id"]}
    finally:
        checked.validated.close()
    before = _changes(store, titled["company_id"]), _changes(store, met)
    import_bundle(store, bundle)
    assert (_changes(store, titled["company_id"]), _changes(store, met)) == (
        before[0] + 1, before[1])


def test_lines_an_import_cut_short_left_undrawn_are_drawn_by_the_next(store, bundle,
                                                                       tmp_path):
    # As after a crash before the import's last pass: the records and their hashes are
    # stored, some same-file lines (reporting, parent, dotted) are not.
    from graphprofile.services import stats

    import_bundle(store, bundle)
    clean, counted = _export(store, tmp_path / "clean"), stats(store)
    store.write_tx(lambda tx: tx.run(
        "MATCH (:Person {id: 'hartwell-p-006'})-[r:REPORTS_TO|DOTTED_LINE_TO]->() DELETE r "
        "WITH 1 AS done MATCH (:Department {id: 'hartwell-d-it-apps'})-[s:SUB_UNIT_OF]->() "
        "DELETE s WITH 1 AS done MATCH (:Company {id: 'hartwell-am'})-[c:SUBSIDIARY_OF]->() "
        "DELETE c").consume())
    assert stats(store) != counted
    again = import_bundle(store, bundle)
    assert stats(store) == counted  # every line drawn again
    assert again.resync["people"]["changed"] == 1
    assert again.resync["departments"]["changed"] == 1
    assert again.resync["companies"]["changed"] == 1
    _same_exports(clean, _export(store, tmp_path / "again"))
    assert import_bundle(store, bundle).total == 0  # complete again: nothing to write


def test_hash_stays_out_of_exports(store, bundle, tmp_path):
    import_bundle(store, bundle)
    out = _export(store, tmp_path / "out")
    for path in out.iterdir():
        assert HASH_PROPERTY not in path.read_text(encoding="utf-8")


def test_changed_and_new_rows_are_written_and_equal_a_clean_import(store, bundle, tmp_path):
    import_bundle(store, bundle)
    header, people = _read(bundle / "people.csv")
    target = people[3]
    company = target["company_id"]
    before = _changes(store, company)

    def change(rows):
        rows[3]["title"] = "Chief Re-sync Officer"
        extra = dict(rows[4], id="resync-new-person", name="New Person", reports_to="")
        return [*rows, extra]

    _edit(bundle, "people", change)
    result = import_bundle(store, bundle)

    assert result.resync["people"] == {"unchanged": len(people) - 1, "changed": 1, "new": 1,
                                       "pruned": 0}
    assert result.written["people"] == 2
    assert result.resync["companies"]["changed"] == 0
    assert company in (result.companies or ())
    assert _changes(store, company) > before  # the title change is in the history
    resynced = _export(store, tmp_path / "resynced")
    _same_exports(resynced, _clean_export(store, bundle, tmp_path / "clean"))


def test_any_column_changes_the_hash(bundle):
    header, people = _read(bundle / "people.csv")
    row = people[0]
    assert row_hash("people", row) != row_hash("people", {**row, "a_new_column": "x"})
    assert row_hash("people", row) == row_hash("people", {**row, "a_new_column": " "})
    assert row_hash("people", row) == row_hash("people", dict(reversed(row.items())))


def _drop_person(bundle: Path, person_id: str) -> None:
    """Remove a person and every row naming them (a full export without them)."""
    columns = ("id", "person_id", "source_id", "target_id", "reports_to")
    for spec in BUNDLE:
        path = bundle / spec.filename
        if not path.exists():
            continue
        header, rows = _read(path)
        if spec.name == "people":
            kept = [r for r in rows if r["id"] != person_id]
            for r in kept:
                if r["reports_to"] == person_id:
                    r["reports_to"] = ""
                if "dotted_line_to" in r:  # a list of managers on the side
                    r["dotted_line_to"] = ";".join(
                        m for m in r["dotted_line_to"].split(";") if m.strip() != person_id)
        elif spec.name in ("influence", "relationships", "roles", "interactions"):
            kept = [r for r in rows if person_id not in (r.get(c) for c in columns[1:4])]
        else:
            continue
        _write(path, header, kept)


def test_prune_only_when_asked_and_then_equal_a_clean_import(store, bundle, tmp_path):
    import_bundle(store, bundle)
    _header, people = _read(bundle / "people.csv")
    gone = next(p["id"] for p in people if p["reports_to"])
    _drop_person(bundle, gone)

    kept = import_bundle(store, bundle)
    assert all(c["pruned"] == 0 for c in kept.resync.values())
    _header, exported = _read(_export(store, tmp_path / "kept") / "people.csv")
    assert gone in {p["id"] for p in exported}  # nothing deleted without --prune

    pruned = import_bundle(store, bundle, prune=True)
    assert pruned.resync["people"]["pruned"] == 1
    resynced = _export(store, tmp_path / "resynced")
    _header, exported = _read(resynced / "people.csv")
    assert gone not in {p["id"] for p in exported}
    _same_exports(resynced, _clean_export(store, bundle, tmp_path / "clean"))


def test_prune_refuses_a_bundle_naming_what_it_would_delete(store, bundle):
    import_bundle(store, bundle)
    _header, people = _read(bundle / "people.csv")
    _header, relationships = _read(bundle / "relationships.csv")
    named = relationships[0]["person_id"]
    # The person goes, an unchanged relationship row still names them.
    def without(rows):
        kept = [r for r in rows if r["id"] != named]
        for r in kept:
            r["reports_to"] = "" if r["reports_to"] == named else r["reports_to"]
            if "dotted_line_to" in r:
                r["dotted_line_to"] = ";".join(
                    m for m in r["dotted_line_to"].split(";") if m.strip() != named)
        return kept

    _edit(bundle, "people", without)
    with pytest.raises(InvalidInput) as caught:
        import_bundle(store, bundle, prune=True)
    assert any(p.file == "relationships.csv" and p.column == "person_id" and p.row == 2
               for p in caught.value.problems)
    # Nothing was deleted.
    assert import_bundle(store, bundle).resync["people"]["pruned"] == 0


def test_changed_row_with_a_broken_reference_is_refused(store, bundle):
    import_bundle(store, bundle)

    def change(rows):
        rows[5]["department_id"] = "no-such-department"
        return rows

    _edit(bundle, "people", change)
    with pytest.raises(InvalidInput) as caught:
        import_bundle(store, bundle)
    problems = [(p.file, p.row, p.column) for p in caught.value.problems]
    assert ("people.csv", 7, "department_id") in problems


def test_changed_row_making_a_loop_with_unchanged_rows_is_refused(store, bundle):
    import_bundle(store, bundle)
    _header, people = _read(bundle / "people.csv")
    by_id = {p["id"]: p for p in people}
    child = next(p for p in people if p["reports_to"] and by_id[p["reports_to"]]["reports_to"])
    boss = by_id[child["reports_to"]]

    def change(rows):
        for r in rows:
            if r["id"] == boss["id"]:
                r["reports_to"] = child["id"]
        return rows

    _edit(bundle, "people", change)
    with pytest.raises(InvalidInput) as caught:
        import_bundle(store, bundle)
    assert any("reporting loop" in p.reason for p in caught.value.problems)


def test_resync_in_worker_processes_and_the_cli(store, tmp_path, cli_env, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_BYTES", 1 << 12)  # the workers read every file
    monkeypatch.setenv("GRAPHPROFILE_WORKERS", "2")
    bundle = tmp_path / "gen"
    generate(bundle, accounts=4, seed=7, people_per_account=60)
    import_bundle(store, bundle)
    header, people = _read(bundle / "people.csv")
    people[10]["title"] = "Changed In Worker"
    _write(bundle / "people.csv", header, people)
    parallel.RANGES.clear()

    result = import_bundle(store, bundle)
    assert sum(parallel.RANGES.values()) > 0
    assert result.resync["people"] == {"unchanged": len(people) - 1, "changed": 1, "new": 0,
                                       "pruned": 0}
    resynced = _export(store, tmp_path / "resynced")
    _same_exports(resynced, _clean_export(store, bundle, tmp_path / "clean"))

    runner = CliRunner()
    answer = runner.invoke(main, ["import", str(bundle), "--json", "--prune"], env=cli_env)
    assert answer.exit_code == 0, answer.output
    data = json.loads(answer.output)
    assert data["total"] == 0 and set(data["imported"]) >= {"people"}
    assert data["resync"]["people"] == {"unchanged": len(people), "changed": 0, "new": 0,
                                        "pruned": 0}
    text = runner.invoke(main, ["import", str(bundle)], env=cli_env)
    assert text.exit_code == 0, text.output
    assert "unchanged" in text.output and "pruned" in text.output
