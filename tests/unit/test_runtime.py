"""The process settings of the tool's long-lived processes."""

from __future__ import annotations

import gc

from graphprofile.runtime import tune_gc


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
