"""``graphprofile import --from salesforce export.zip`` and ``validate`` on a zip: the same
import as the folder, problems in the export's terms, and no extracted file left behind."""

from __future__ import annotations

import json
import tempfile
import zipfile
from pathlib import Path

from click.testing import CliRunner

from graphprofile import services
from graphprofile.cli import main
from graphprofile.config import PROJECT_ROOT

SAMPLE = PROJECT_ROOT / "fixtures" / "salesforce"


def _zip(path: Path, folder: str = "", replace: tuple[str, str] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for csv in sorted(SAMPLE.glob("*.csv")):
            text = csv.read_text(encoding="utf-8")
            if replace and csv.name == "Contact.csv":
                text = text.replace(*replace, 1)
            zf.writestr(f"{folder}/{csv.name}" if folder else csv.name, text)
    return path


def _leftovers() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("graphprofile-zip-*")}


def test_the_cli_imports_and_validates_a_zipped_export(store, cli_env, tmp_path):
    runner = CliRunner()
    before = _leftovers()
    archive = _zip(tmp_path / "WE_00D_1.zip", folder="WE_00D_1")
    result = runner.invoke(main, ["validate", str(archive), "--from", "salesforce", "--json"],
                           env=cli_env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["rows"]["people"] == 28
    result = runner.invoke(main, ["import", str(archive), "--from", "salesforce"], env=cli_env)
    assert result.exit_code == 0, result.output
    assert f"imported 120 rows from {archive}" in result.output
    assert "Task.csv (interactions): 2 rows left out by the mapping" in result.output
    assert services.stats(store)["nodes"]["Person"] == 28
    assert _leftovers() == before  # the extracted copy is gone


def test_the_cli_names_a_broken_row_of_a_zipped_export(store, cli_env, tmp_path):
    archive = _zip(tmp_path / "export.zip", replace=(
        '"0035g00000C0006AAA","false","0015g00000NORD1AAA"',
        '"0035g00000C0006AAA","false","0015g00000GONE1AAA"'))
    result = CliRunner().invoke(main, ["import", str(archive), "--from", "salesforce"],
                                env=cli_env)
    assert result.exit_code == 1
    assert "invalid Salesforce export export.zip:" in result.output
    assert "  Contact.csv row 7, column AccountId: no Account with id" in result.output
    assert services.stats(store)["nodes"].get("Person", 0) == 0


def test_the_cli_refuses_an_unsafe_zip_by_member(store, cli_env, tmp_path):
    archive = _zip(tmp_path / "export.zip")
    with zipfile.ZipFile(archive, "a") as zf:
        zf.writestr("../../outside.csv", "x")
    result = CliRunner().invoke(main, ["import", str(archive), "--from", "salesforce"],
                                env=cli_env)
    assert result.exit_code == 1
    assert "../../outside.csv: unsafe path in the archive" in result.output
    assert not (tmp_path.parent / "outside.csv").exists()
    assert services.stats(store)["nodes"].get("Person", 0) == 0
