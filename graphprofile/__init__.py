"""graphprofile: a B2B account graph for teams that sell large deals."""

import os

# NumPy's OpenBLAS starts a thread per CPU, and its threads spin while they wait. The
# tool's linear algebra is one small system per account (see analytics.influence), and
# its parallel work runs in processes (portfolio questions, bundle checks): extra BLAS
# threads only took CPU from them (an account's influence scores cost twice the CPU
# with them). Set before NumPy loads; an explicit setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"
