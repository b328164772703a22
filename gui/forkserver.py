"""The forkserver the window's engine processes fork from, with the standard library only.

`main.py` starts it on its first lines, before Qt or numpy: its import of torch (most of
the wait for the first frame) then runs on the other core from the very start, while
this process imports Qt and builds the window. Each engine process forks from it in
milliseconds instead of importing torch again, and nothing of the GUI process (Qt, its
threads) is ever forked.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
from multiprocessing import spawn
from multiprocessing.connection import Connection

from .blas_threads import one_numpy_blas_thread

ENGINE_THREAD = "stability-lab-engine"  # tests look for leaked threads by this prefix
TAYLOR_PROCESS = f"{ENGINE_THREAD}-taylor"
PRELOAD = ["engine.preload"]  # the engine's loop and probe, torch with them
_context_lock = threading.Lock()
_context = None


def engine_context():
    """The multiprocessing context whose processes fork from the preloaded forkserver."""
    global _context
    with _context_lock:
        if _context is None:
            one_numpy_blas_thread()  # inherited by the forkserver, whatever the entry point
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(PRELOAD)
            _context = ctx
        return _context


def warm_up(wait: bool = False) -> None:
    """Start the forkserver (a no-op once it runs): call as early as possible, so the
    first engine process is ready sooner. It never waits for the forkserver's imports;
    `wait` launches it in this thread (a few milliseconds) rather than on another one,
    so that it starts before whatever this thread does next (main.py's Qt import)."""
    from multiprocessing import forkserver

    engine_context()
    if wait:
        with contextlib.suppress(OSError):  # out of processes, say: the engine's start
            forkserver.ensure_running()  # tries again and says why
        return
    threading.Thread(
        target=forkserver.ensure_running, name=f"{ENGINE_THREAD}-warm-up", daemon=True
    ).start()


def _preparation_data(name: str) -> dict:
    """multiprocessing's start-up data for a child, without the main script for the
    engine's: multiprocessing would otherwise run the script (main.py, a benchmark,
    pytest) again in the child as `__mp_main__`, import Qt there for nothing, and refuse
    outright a script that opens a window at import. The engine's target needs nothing
    from it."""
    data = _original_preparation_data(name)
    if name in (ENGINE_THREAD, TAYLOR_PROCESS):
        data.pop("init_main_from_path", None)
        data.pop("init_main_from_name", None)
    return data


_original_preparation_data = spawn.get_preparation_data
spawn.get_preparation_data = _preparation_data


def start_process(target, args: tuple, name: str):
    """Run `target(*args)` in a process forked from the engine's forkserver and return
    it; the pipe ends among `args` are closed here once the child has its own copies, so
    the window sees the pipe end when the child does. (Tests pass the runner a starter
    of threads instead, to patch the engine in their own process.)"""
    process = engine_context().Process(target=target, args=args, name=name, daemon=True)
    process.start()
    for arg in args:
        if isinstance(arg, Connection):
            arg.close()
    return process
