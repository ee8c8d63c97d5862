"""The process settings of the tool's long-lived processes."""

from __future__ import annotations

import gc
import os
import subprocess
import sys

import pytest

from graphprofile.runtime import default_workers, tune_gc


def test_tune_gc_freezes_what_is_alive():
    try:
        tune_gc()
        frozen = gc.get_freeze_count()
        assert frozen > 1000  # modules, classes: out of the collector's way
        assert gc.get_threshold()[0] == 700  # collections of young objects as usual
        tune_gc()  # idempotent
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()


def test_default_workers_reads_the_setting(monkeypatch):
    monkeypatch.setenv("GRAPHPROFILE_WORKERS", " 3 ")
    assert default_workers() == 3
    monkeypatch.setenv("GRAPHPROFILE_WORKERS", "0")
    assert default_workers() == 1
    monkeypatch.delenv("GRAPHPROFILE_WORKERS")
    assert 1 <= default_workers() <= 8
    monkeypatch.setenv("GRAPHPROFILE_WORKERS", "many")
    with pytest.raises(ValueError, match="GRAPHPROFILE_WORKERS"):
        default_workers()


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
