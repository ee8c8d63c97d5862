"""The process settings of the tool's long-lived processes."""

from __future__ import annotations

import gc

from graphprofile.runtime import tune_gc


def test_tune_gc_freezes_what_is_alive_and_collects_less_often():
    before = gc.get_threshold()
    try:
        tune_gc()
        assert gc.get_freeze_count() > 1000  # modules, classes: out of the collector's way
        young, middle, old = gc.get_threshold()
        assert young >= 50_000 and middle >= 10 and old >= 10
        tune_gc()  # idempotent
        assert gc.get_threshold()[0] == young
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
