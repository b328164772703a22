"""How much the window's Taylor series cost the streaming engine, in fresh processes.

Each run opens the real window offscreen (default settings, as `python main.py` does
without a session), then measures, from the frames its engine sends:

- the engine's steps/s during the first 3 s after the first frame (when the Taylor panel
  asks for its first series) and the longest gap between two frames then;
- when the first frame came, and when the Taylor panel first showed its series;
- for each change of activation (a new series to expand): the time from the change to
  the first drawn frame of the new activation, the steps/s of the second after it, its
  longest gap and when the panel shows the new series; and the time to the first frame
  of a quick second change 50 ms after a first one.

    python scripts/stream_stall.py          # 3 runs, medians
    python scripts/stream_stall.py -n 5
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, os, threading, time
from PySide6 import QtCore
from gui.app import make_app
app = make_app()
from engine import LabConfig
from gui.main_window import MainWindow

built = time.perf_counter()
window = MainWindow(LabConfig(activation="sigmoid"))
window.show()
arrivals = []  # (time, steps done) whenever the engine has sent more frames
sampling = True

def sample():
    last = -1
    while sampling:
        done = window.runner.steps_done()
        if done != last:
            arrivals.append((time.perf_counter(), done))
            last = done
        time.sleep(0.0005)

def spin(seconds):
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.002)

series_at = {}  # activation -> when the Taylor panel first showed its series

def note_series():
    panel = window.taylor_panel
    if panel.ready and panel.activation not in series_at:
        series_at[panel.activation] = time.perf_counter()

window.taylor_panel.changed.connect(note_series)

def wait_series(activation, timeout=60.0):
    end = time.perf_counter() + timeout
    while activation not in series_at:
        assert time.perf_counter() < end, "no series"
        app.processEvents()
        time.sleep(0.001)
    return series_at[activation]

def wait_frame(activation, timeout=60.0):
    end = time.perf_counter() + timeout
    while True:
        frame = window.last_frame
        if frame is not None and frame.config.activation == activation:
            return time.perf_counter()
        assert time.perf_counter() < end, "no frame"
        app.processEvents()
        time.sleep(0.001)

def window_stats(start, seconds):  # frames/s over the whole window, its longest gap
    end = start + seconds
    before = [n for t, n in arrivals if t < start]
    inside = [(t, n) for t, n in arrivals if start <= t <= end]
    times = [start] + [t for t, _ in inside] + [end]
    gap = max(b - a for a, b in zip(times, times[1:]))
    done = inside[-1][1] - (before[-1] if before else 0) if inside else 0
    return done / seconds, gap

threading.Thread(target=sample, daemon=True).start()
first = wait_frame("sigmoid")
spin(3.2)
out = {"first_series_after_first_frame_s": wait_series("sigmoid") - first}
out["first_frame_s"] = first - built
out["first_3s_steps_per_s"], out["first_3s_max_gap_s"] = window_stats(first, 3.0)
spin(1.0)
changes = []
for activation in ("tanh", "gelu", "silu", "elu"):
    asked = time.perf_counter()
    window.set_config(window.config.with_(activation=activation))
    shown = wait_frame(activation)
    spin(1.1)
    rate, gap = window_stats(asked, 1.0)
    series = wait_series(activation) - asked
    changes.append(
        {"latency_s": shown - asked, "steps_per_s": rate, "max_gap_s": gap, "series_s": series}
    )
    spin(0.5)
out["changes"] = changes
quick = []
for first_change, second in (("softplus", "leaky_relu"), ("relu", "identity")):
    window.set_config(window.config.with_(activation=first_change))
    spin(0.05)
    asked = time.perf_counter()
    window.set_config(window.config.with_(activation=second))
    quick.append(wait_frame(second) - asked)
    spin(1.0)
out["quick_second_change_latency_s"] = quick
sampling = False
window.shutdown()
print("RESULT " + json.dumps(out), flush=True)
os._exit(0)
"""


def run_once() -> dict:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run(
        [sys.executable, "-c", CHILD],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    raise RuntimeError(f"run failed (exit {done.returncode}):\n{done.stderr[-3000:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--runs", type=int, default=3, help="fresh processes (3)")
    args = parser.parse_args(argv)
    runs = []
    for i in range(1, args.runs + 1):
        result = run_once()
        runs.append(result)
        changes = result["changes"]
        print(
            f"#{i}: first 3 s {result['first_3s_steps_per_s']:.0f} steps/s, longest gap "
            f"{result['first_3s_max_gap_s'] * 1e3:.0f} ms | activation change → frame "
            + ", ".join(f"{c['latency_s'] * 1e3:.0f}" for c in changes)
            + " ms, then "
            + ", ".join(f"{c['steps_per_s']:.0f}" for c in changes)
            + " steps/s, gaps "
            + ", ".join(f"{c['max_gap_s'] * 1e3:.0f}" for c in changes)
            + " ms, series shown after "
            + ", ".join(f"{c['series_s'] * 1e3:.0f}" for c in changes)
            + " ms | quick second change → frame "
            + ", ".join(f"{q * 1e3:.0f}" for q in result["quick_second_change_latency_s"])
            + " ms",
            flush=True,
        )

    def med(values):
        return statistics.median(values)

    changes = [c for r in runs for c in r["changes"]]
    print(
        f"median of {len(runs)}: first 3 s after the first frame "
        f"{med([r['first_3s_steps_per_s'] for r in runs]):.0f} steps/s, longest gap "
        f"{med([r['first_3s_max_gap_s'] for r in runs]) * 1e3:.0f} ms; activation change → "
        f"frame {med([c['latency_s'] for c in changes]) * 1e3:.0f} ms, the second after it "
        f"{med([c['steps_per_s'] for c in changes]):.0f} steps/s, longest gap "
        f"{med([c['max_gap_s'] for c in changes]) * 1e3:.0f} ms, its series shown after "
        f"{med([c['series_s'] for c in changes]) * 1e3:.0f} ms; quick second change → frame "
        f"{med([q for r in runs for q in r['quick_second_change_latency_s']]) * 1e3:.0f} ms; "
        "first series "
        f"{med([r['first_series_after_first_frame_s'] for r in runs]) * 1e3:.0f} ms after "
        "the first frame, which came "
        f"{med([r['first_frame_s'] for r in runs]):.2f} s after the window was built"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
