"""Settings of the Python process itself, for the tool's long-lived processes.

A page or a portfolio job builds NetworkX graphs: hundreds of thousands of short-lived
dicts and tuples. Python's cyclic garbage collector then runs its full collections over
every object alive, including the tens of thousands that importing NetworkX, NumPy,
pydantic, Flask and the driver created and that live as long as the process.
:func:`tune_gc` takes those out of the collector's way. Measured on this project's
benchmark machine: p95 of ``account_report`` on a 1,000-person account about 210-230 ms
before, 140-150 ms after; gaps of 10,000 accounts 50-53 s before, 47 s after. Raising
the young-generation threshold as well made the portfolio slower (63 s), so it is left
at Python's default.

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
