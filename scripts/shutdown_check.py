"""Open and close the real window in N fresh processes; fail on any unclean shutdown.

Each process starts the app as `python main.py` does (one QApplication, the main window
remembering its settings — here in a temporary folder), shows it offscreen, waits until
the first engine frame is drawn, then closes it from a QTimer. The check fails (exit 1)
if any process exits non-zero, takes more than --max-close-s seconds from the close to
its exit, or writes a Qt/Python shutdown warning to stderr ('QThread: Destroyed while
thread is still running', 'QObject::…', 'QTimer…', 'Fatal…', a Python traceback).

    python scripts/shutdown_check.py            # 30 processes
    python scripts/shutdown_check.py -n 3       # quick (the test suite does this)
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import os, sys, time
started = time.time()
from PySide6 import QtCore
from gui import settings
settings.keep_in(sys.argv[1])
from gui.app import make_app
app = make_app()
from gui.main_window import MainWindow
window = MainWindow(remember=True)
window.show()

def close():
    print(f"CLOSING {time.time()!r}", flush=True)
    window.close()

def first(frame):
    window.frameShown.disconnect(first)
    print(f"FIRST_FRAME {time.time() - started:.3f}", flush=True)
    QtCore.QTimer.singleShot(0, close)

window.frameShown.connect(first)
watchdog = QtCore.QTimer()
watchdog.setSingleShot(True)
watchdog.timeout.connect(lambda: (print("NO_FRAME", flush=True), os._exit(3)))
watchdog.start(int(float(sys.argv[2]) * 1000))
code = app.exec()
print(f"EVENT_LOOP_DONE {time.time()!r}", flush=True)
sys.exit(code)
"""

# stderr lines that mean an unclean shutdown (or a Python error nobody saw).
BAD_STDERR = re.compile(
    r"QThread: Destroyed while thread is still running|QObject::|QTimer|Fatal|Traceback"
)


@dataclass
class Run:
    index: int
    returncode: int | None
    wall_s: float
    first_frame_s: float | None = None
    close_to_exit_s: float | None = None
    close_to_loop_end_s: float | None = None  # the rest is the interpreter's teardown
    stderr: str = ""
    problems: list[str] = field(default_factory=list)


def problems(returncode, close_to_exit_s, stderr, max_close_s) -> list[str]:
    """Why a run was not clean (empty when it was)."""
    found = []
    if returncode is None:
        found.append("did not exit (killed after the time limit)")
    elif returncode != 0:
        found.append(f"exit status {returncode}")
    if close_to_exit_s is None:
        found.append("never reached the close (no first frame?)")
    elif close_to_exit_s > max_close_s:
        found.append(f"{close_to_exit_s:.2f} s from close to exit (limit {max_close_s:g} s)")
    for line in stderr.splitlines():
        if BAD_STDERR.search(line):
            found.append(f"stderr: {line.strip()}")
    return found


def run_once(index: int, max_close_s: float, frame_timeout_s: float) -> Run:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    with tempfile.TemporaryDirectory(prefix="stability-lab-settings-") as settings_dir:
        started = time.time()
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, settings_dir, str(frame_timeout_s)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            out, err = proc.communicate(timeout=frame_timeout_s + max_close_s + 30)
            returncode = proc.returncode
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            returncode = None
        ended = time.time()
    run = Run(index, returncode, ended - started, stderr=err)
    closing = loop_done = None
    for line in out.splitlines():
        if line.startswith("FIRST_FRAME "):
            run.first_frame_s = float(line.split()[1])
        elif line.startswith("CLOSING "):
            closing = float(line.split()[1])
        elif line.startswith("EVENT_LOOP_DONE "):
            loop_done = float(line.split()[1])
    if closing is not None:
        run.close_to_exit_s = ended - closing
        if loop_done is not None:
            run.close_to_loop_end_s = loop_done - closing
    run.problems = problems(returncode, run.close_to_exit_s, err, max_close_s)
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--processes", type=int, default=30, help="how many (30)")
    parser.add_argument(
        "--max-close-s", type=float, default=3.0, help="seconds allowed from close to exit (3)"
    )
    parser.add_argument(
        "--frame-timeout-s", type=float, default=60.0, help="seconds to wait for a frame (60)"
    )
    args = parser.parse_args(argv)
    runs = []
    for i in range(1, args.processes + 1):
        run = run_once(i, args.max_close_s, args.frame_timeout_s)
        runs.append(run)
        status = "ok" if not run.problems else "FAIL: " + "; ".join(run.problems)
        first = f"{run.first_frame_s:.2f} s" if run.first_frame_s is not None else "-"
        close = f"{run.close_to_exit_s:.3f} s" if run.close_to_exit_s is not None else "-"
        if run.close_to_loop_end_s is not None:
            close += f" (event loop ended after {run.close_to_loop_end_s:.3f} s)"
        print(
            f"#{i:<3} exit {run.returncode}  first frame {first}  close→exit {close}  "
            f"process {run.wall_s:.2f} s  {status}",
            flush=True,
        )
    bad = [r for r in runs if r.problems]
    closes = [r.close_to_exit_s for r in runs if r.close_to_exit_s is not None]
    walls = [r.wall_s for r in runs]
    if closes:
        print(
            f"close→exit: median {statistics.median(closes):.3f} s, max {max(closes):.3f} s; "
            f"whole process: median {statistics.median(walls):.2f} s, max {max(walls):.2f} s"
        )
    print(f"{len(runs) - len(bad)}/{len(runs)} clean")
    for r in bad:
        if r.stderr.strip():
            print(f"--- stderr of #{r.index} ---\n{r.stderr.strip()}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
