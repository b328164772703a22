"""Start-up: `python main.py` offscreen, timed by the app itself.

With STABILITY_LAB_TIMING=1 the app writes `window-visible <s>`, `main-window-visible <s>`
and `first-frame <s>` (seconds since its process started) to stderr and quits after the
first frame. Each launch gets an empty settings folder, so it opens on the defaults.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .measure import Row, at_most, median

ROOT = Path(__file__).resolve().parents[1]
VISIBLE_S = 1.5
FIRST_FRAME_S = 1.0


def launch_once(timeout: float = 120.0) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="stability-lab-bench-") as home:
        env = dict(
            os.environ, QT_QPA_PLATFORM="offscreen", STABILITY_LAB_TIMING="1", XDG_CONFIG_HOME=home
        )
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "main.py"],
            cwd=ROOT,
            env=env,
            timeout=timeout,
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - started
    marks = {"exit": wall}
    for line in done.stderr.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("window-visible", "main-window-visible", "first-frame"):
            marks[parts[0]] = float(parts[1])
    if done.returncode != 0 or "first-frame" not in marks:
        raise RuntimeError(
            f"main.py exited {done.returncode} without timings: {done.stderr[-500:]}"
        )
    return marks


def startup(quick: bool = False, **_) -> list[Row]:
    runs = 1 if quick else 5
    launch_once()  # not counted: fills the disk cache, compiles bytecode
    marks = [launch_once() for _ in range(runs)]

    def stat(key):
        values = [m[key] for m in marks if key in m]
        return median(values), values

    first_window, fw = stat("window-visible")
    main_window, mw = stat("main-window-visible")
    frame, fr = stat("first-frame")
    note = f"median of {runs} launches after one uncounted one; seconds since process start"
    rows = [
        at_most(
            "startup",
            "launch → first window visible",
            first_window,
            VISIBLE_S,
            "s",
            note=note,
            details={"runs": fw},
        )
    ]
    if mw:
        rows.append(
            at_most(
                "startup",
                "launch → main window (controls + plots) visible",
                main_window,
                VISIBLE_S,
                "s",
                details={"runs": mw},
            )
        )
    rows.append(
        at_most(
            "startup",
            "launch → first plotted frame",
            frame,
            FIRST_FRAME_S,
            "s",
            details={"runs": fr},
        )
    )
    return rows
