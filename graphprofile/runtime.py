"""Settings of the Python process itself, for the tool's long-lived processes.

:func:`tune_gc` takes the objects that live as long as the process (what importing
NetworkX, NumPy, pydantic, Flask and the driver created) out of the cyclic collector's
way, so that its full collections walk only what a page or a portfolio job builds. The
young-generation threshold stays at Python's default: raising it made the portfolio
slower (BENCHMARKS.md, second round).

:func:`default_workers` says how many processes share CPU-bound work (portfolio questions,
checking large bundle files).
"""

from __future__ import annotations

import gc
import os

__all__ = ["default_workers", "tune_gc"]


def tune_gc() -> None:
    """Move everything alive now (modules, classes, settings) out of the collector's way.
    Idempotent; call once the process has imported what it needs (the CLI, the web
    server and the portfolio workers do)."""
    gc.collect()
    gc.freeze()


def default_workers() -> int:
    """Worker processes for CPU-bound work: ``GRAPHPROFILE_WORKERS``, else the CPUs (at
    most 8); 1 means work in this process."""
    value = os.environ.get("GRAPHPROFILE_WORKERS", "").strip()
    if value:
        try:
            return max(1, int(value))
        except ValueError:
            raise ValueError(f"GRAPHPROFILE_WORKERS must be a whole number, got {value!r}") \
                from None
    return max(1, min(os.cpu_count() or 1, 8))
