"""The influence score on public org charts (tests/data): formal rank is respected."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "influence_eval.py"


@pytest.fixture(scope="module")
def evaluation():
    spec = importlib.util.spec_from_file_location("influence_eval", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module.evaluate()


def test_seniors_outrank_juniors_on_the_adventureworks_chart(evaluation):
    full = evaluation["adventureworks"]
    assert full["people"] == 290 and full["levels"] == 5
    assert full["new"] == 1.0 and full["old"] < 0.7
    # with 30 % of the reporting lines missing, titles still place detached teams
    partial = evaluation["adventureworks_partial"]
    assert partial["new"] > 0.8 and partial["new"] > partial["old"] + 0.15


def test_no_production_supervisor_ranks_above_a_vice_president(evaluation):
    team = evaluation["adventureworks"]["top_team"]
    assert team["supervisors"] == 21 and team["largest_supervisor_team"] == 13
    vps = {pid: t for pid, t in team["level_1"].items() if "Vice President" in t["title"]}
    assert vps and all(t["new_supervisors_above"] == 0 for t in vps.values())
    assert any(t["old_supervisors_above"] > 0 for t in team["level_1"].values())


def test_the_advice_network_keeps_the_krackhardt_ranks(evaluation):
    assert evaluation["krackhardt"]["people"] == 21
    assert evaluation["krackhardt"]["new"] >= evaluation["krackhardt"]["old"]
