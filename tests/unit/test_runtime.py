"""The process settings of the tool's long-lived processes."""

from __future__ import annotations

import gc
import os
import re
import subprocess
import sys
import weakref

import pytest

from graphprofile.runtime import default_workers, tune_gc


class _Node:
    """A weak-referenceable object for reference cycles."""

    def __init__(self) -> None:
        self.other: _Node | None = None


def _collected(obj: object) -> bool:
    """Whether the cyclic collector sees ``obj`` (a frozen object it does not)."""
    return any(o is obj for o in gc.get_objects())


@pytest.fixture
def unfrozen():
    """No frozen objects before the test, and none after it."""
    gc.unfreeze()
    yield
    gc.unfreeze()


@pytest.mark.usefixtures("unfrozen")
def test_tune_gc_moves_what_is_alive_to_the_permanent_generation():
    assert gc.get_freeze_count() == 0
    alive = [{"settings": 1}]
    threshold = gc.get_threshold()
    assert _collected(alive)

    tune_gc()

    assert gc.get_freeze_count() > 1000  # modules, classes, and what the test holds
    assert not _collected(alive)
    assert gc.get_threshold() == threshold  # young collections as before


@pytest.mark.usefixtures("unfrozen")
def test_tune_gc_collects_garbage_before_freezing_it():
    cycle = _Node()
    cycle.other = _Node()
    cycle.other.other = cycle
    gone = weakref.ref(cycle)
    del cycle

    tune_gc()

    assert gone() is None  # garbage frozen would stay in memory for good


@pytest.mark.usefixtures("unfrozen")
def test_tune_gc_again_freezes_what_came_since_and_keeps_the_rest():
    first = [[]]
    tune_gc()
    frozen = gc.get_freeze_count()
    later = [[] for _ in range(100)]  # lists: always tracked

    tune_gc()

    assert gc.get_freeze_count() >= frozen + len(later)
    assert not _collected(first) and not _collected(later)


@pytest.mark.parametrize(("value", "workers"), [
    ("3", 3), (" 3 ", 3), ("1", 1), ("0", 1), ("-2", 1),
    ("12", 12),  # asked for: not capped
])
def test_default_workers_reads_the_setting(monkeypatch, value, workers):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setenv("GRAPHPROFILE_WORKERS", value)
    assert default_workers() == workers


@pytest.mark.parametrize(("cpus", "workers"), [(1, 1), (2, 2), (8, 8), (9, 8), (64, 8),
                                               (None, 1)])
@pytest.mark.parametrize("setting", [None, "", "  "])
def test_default_workers_without_a_setting_is_the_cpus_at_most_8(monkeypatch, cpus, workers,
                                                                   setting):
    monkeypatch.setattr(os, "cpu_count", lambda: cpus)
    if setting is None:
        monkeypatch.delenv("GRAPHPROFILE_WORKERS", raising=False)
    else:
        monkeypatch.setenv("GRAPHPROFILE_WORKERS", setting)
    assert default_workers() == workers


@pytest.mark.parametrize("value", ["many", "2.5", "3 workers", "0x4"])
def test_default_workers_refuses_a_bad_setting(monkeypatch, value):
    monkeypatch.setenv("GRAPHPROFILE_WORKERS", value)
    reason = rf"GRAPHPROFILE_WORKERS must be a whole number, got {re.escape(repr(value))}"
    with pytest.raises(ValueError, match=reason) as raised:
        default_workers()
    assert raised.value.__cause__ is None and raised.value.__suppress_context__


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one CPU: OpenBLAS starts no threads")
def test_numpy_starts_no_blas_threads_under_the_tool():
    # A fresh interpreter without the setting: importing the analytics (NumPy) must leave
    # the process with its one thread, not one spinning OpenBLAS thread per CPU.
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    code = ("import os, graphprofile.analytics, numpy; "
            "print(len(os.listdir('/proc/self/task')))")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "1"
