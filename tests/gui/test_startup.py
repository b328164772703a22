"""Start-up order: `python main.py` starts the engine's forkserver (whose torch import is
most of the wait for the first frame) before it imports Qt or numpy, and the imports on
both sides run without cyclic garbage collection, which is on again where it is needed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.split()


def test_main_py_starts_the_forkserver_before_qt_or_numpy_and_the_splash_without_gc():
    """main.py's window path, stopped at its splash: the forkserver was started (in the
    main thread) while neither PySide6 nor numpy was imported, and the splash comes
    with collection off."""
    code = """
import gc, runpy, sys, types
import gui.forkserver
seen = []
def warm_up(wait=False):
    seen.append(f"qt:{'PySide6' in sys.modules} numpy:{'numpy' in sys.modules} wait:{wait}")
def show_splash():
    seen.append(f"gc:{gc.isenabled()}")
    print(" ".join(seen)); raise SystemExit(0)
gui.forkserver.warm_up = warm_up
sys.modules["gui.splash"] = types.SimpleNamespace(show_splash=show_splash)  # no Qt here
sys.argv = ["main.py"]
runpy.run_path("main.py", run_name="__main__")
"""
    assert _run(code) == ["qt:False", "numpy:False", "wait:True", "gc:False"]


def _blas_threads_at_warm_up(user_setting: str | None) -> str:
    """OPENBLAS_NUM_THREADS when main.py starts the forkserver (which, and every engine
    process forked from it, inherits it), and whether numpy was loaded by then."""
    code = f"""
import os, runpy, sys
if {user_setting!r} is not None:
    os.environ["OPENBLAS_NUM_THREADS"] = {user_setting!r}
import gui.forkserver
def warm_up(wait=False):
    print(os.environ.get("OPENBLAS_NUM_THREADS"), "numpy" in sys.modules); raise SystemExit(0)
gui.forkserver.warm_up = warm_up
sys.argv = ["main.py"]
runpy.run_path("main.py", run_name="__main__")
"""
    return " ".join(_run(code))


def test_main_py_gives_numpy_one_blas_thread_before_numpy_or_the_forkserver_starts():
    assert _blas_threads_at_warm_up(None) == "1 False"


def test_a_users_own_openblas_thread_count_is_kept():
    assert _blas_threads_at_warm_up("3") == "3 False"


def _report_blas_threads(connection) -> None:
    import os

    connection.send(os.environ.get("OPENBLAS_NUM_THREADS"))
    connection.close()


def test_engine_processes_get_one_blas_thread_from_any_entry_point():
    """The command line's entry (`stability-lab-cli`) loads numpy before it opens the
    window, past main.py's first lines: the forkserver still gives its engine processes
    one BLAS thread."""
    code = """
import sys
import cli
from gui.forkserver import ENGINE_THREAD, engine_context
from tests.gui.test_startup import _report_blas_threads
ctx = engine_context()
receive, send = ctx.Pipe(duplex=False)
process = ctx.Process(target=_report_blas_threads, args=(send,), name=f"{ENGINE_THREAD}-blas")
process.start()
send.close()
print(receive.recv(), "numpy" in sys.modules)
process.join(30)
"""
    assert _run(code) == ["1", "True"]


def test_the_preload_imports_the_engine_frozen_and_leaves_collection_on():
    code = """
import gc, signal, sys
import engine.preload
print(gc.isenabled(), gc.get_freeze_count() > 100_000, signal.getsignal(signal.SIGINT) is signal.SIG_IGN)
print(all(m in sys.modules for m in ("torch", "engine.service", "engine.probe")))
"""
    assert _run(code) == ["True", "True", "True", "True"]


def _report_gc(connection) -> None:
    import gc

    connection.send((gc.isenabled(), gc.get_freeze_count()))
    connection.close()


def test_an_engine_process_forked_from_the_forkserver_collects_its_own_garbage():
    """What the preload froze stays frozen in the forked process, and collection is on
    there: nothing it makes later leaks for want of a collector."""
    from gui.forkserver import ENGINE_THREAD, engine_context

    ctx = engine_context()
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_report_gc, args=(send,), name=f"{ENGINE_THREAD}-gc-check")
    process.start()
    send.close()
    try:
        assert receive.poll(120), "the forked process said nothing"
        enabled, frozen = receive.recv()
    finally:
        process.join(30)
    assert process.exitcode == 0
    assert enabled
    assert frozen > 100_000
