"""The layer contracts of .importlinter hold, and an import against them fails them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--config",
                           str(tree / ".importlinter")],
                          cwd=tree, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the two root packages and the contracts, to break on purpose."""
    for package in ("graphprofile", "web"):
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__", "static", "templates"))
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    return tmp_path


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_the_contracts_hold(tree: Path) -> None:
    result = _lint(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_a_driver_in_analytics_breaks_the_pure_contract(tree: Path) -> None:
    _append(tree / "graphprofile" / "analytics" / "coverage.py", "import neo4j  # noqa")
    result = _lint(tree)
    assert result.returncode == 1
    assert "BROKEN" in result.stdout
    assert "graphprofile.analytics.coverage -> neo4j" in result.stdout


def test_the_store_reaching_up_into_services_breaks_the_layers(tree: Path) -> None:
    _append(tree / "graphprofile" / "store" / "accounts.py", "from graphprofile import services")
    result = _lint(tree)
    assert result.returncode == 1
    assert "graphprofile.store.accounts -> graphprofile.services" in result.stdout
