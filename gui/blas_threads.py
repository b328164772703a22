"""numpy's BLAS on one thread, chosen before numpy is imported (standard library only).

numpy's OpenBLAS only multiplies small vectors in this app (the engine's products run
in torch, on its own BLAS and threads), yet from its import on it keeps one worker per
core that spins while it waits for work: beside the forkserver's torch import those
workers delayed the first frame. `main.py` calls this first, for the window's own
numpy; the engine's forkserver (`gui/forkserver.py`) calls it before it starts, for
every engine process whatever the entry point. A user's own OPENBLAS_NUM_THREADS is
kept.
"""

from __future__ import annotations

import os

VARIABLE = "OPENBLAS_NUM_THREADS"


def one_numpy_blas_thread() -> None:
    """Use one OpenBLAS thread in this process and the processes it starts, unless the
    user chose a number: call before numpy is imported (it reads it once)."""
    os.environ.setdefault(VARIABLE, "1")
