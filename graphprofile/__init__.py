"""graphprofile: a B2B account graph for teams that sell large deals."""

import os

# One BLAS thread: the tool's linear algebra is one small system per account, and its
# parallel work runs in processes, so OpenBLAS's spinning thread per CPU only takes CPU
# from them (see BENCHMARKS.md). Set before NumPy loads; an explicit setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"
