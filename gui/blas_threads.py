"""numpy's BLAS on one thread, chosen before numpy is imported (standard library only).

numpy's OpenBLAS only multiplies small vectors in this app (the engine's products run
in torch, on its own BLAS and threads), yet from its import on it keeps one worker per
core that spins while it waits for work. On two cores the window's and the forkserver's
spinning workers took ~50 ms of CPU each from the start-up, and the first frame came
~65 ms later for it. A user's own OPENBLAS_NUM_THREADS is kept.
"""

from __future__ import annotations

import os

VARIABLE = "OPENBLAS_NUM_THREADS"


def one_numpy_blas_thread() -> None:
    """Use one OpenBLAS thread in this process and the processes it starts, unless the
    user chose a number: call before numpy is imported (it reads it once)."""
    os.environ.setdefault(VARIABLE, "1")
