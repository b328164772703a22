"""Soak test: stream the real window offscreen for minutes while settings change at random.

About every --interval seconds a random user action happens: a new random config (any
activation, init, precision, stabiliser, mode, optimiser, task; depth ≤ 60, width ≤ 256,
batch ≤ 64), a lesson scenario, a picked layer, the dark theme, pause / step / run, the
other bottom tab. Resident memory (VmRSS), threads (threading.active_count and
/proc/self/task) and open files (/proc/self/fd) are reported at the start, after the
warm-up (default the first minute; it begins with the largest settings used, so the heap
has grown to its working size) and at the end. RSS is read twice: as it is, and after
glibc's malloc_trim has handed freed heap pages back (ever-changing tensor sizes leave
the heap fragmented; a leak survives trimming). Fails (exit 1) if, after the warm-up,
trimmed RSS grows by more than --rss-limit-mb (50), threads or open files grow at all, the
window stops showing frames, or the engine reports an error other than a diverged
training run.

    python scripts/soak.py --minutes 3
    python scripts/soak.py --minutes 0.17 --warmup-s 4.5    # the test suite's short run
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import os
import random
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MAX_DEPTH, MAX_WIDTH, MAX_BATCH = 60, 256, 64


@dataclass
class Sample:
    label: str
    t: float
    rss_mb: float
    trimmed_mb: float  # RSS once freed heap memory is handed back (malloc_trim)
    threads: int
    tasks: int
    fds: int
    objects: int
    task_names: tuple[str, ...]
    frames: int
    steps: int

    def line(self) -> str:
        return (
            f"{self.label:<8} t={self.t:7.1f} s  RSS {self.rss_mb:7.1f} MB "
            f"(trimmed {self.trimmed_mb:7.1f} MB)  "
            f"threads {self.threads} (tasks {self.tasks})  open files {self.fds}  "
            f"python objects {self.objects}  frames shown {self.frames}  steps {self.steps}"
        )


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def task_names() -> tuple[str, ...]:
    names = []
    for task in sorted(os.listdir("/proc/self/task")):
        try:
            with open(f"/proc/self/task/{task}/comm") as fh:
                names.append(fh.read().strip())
        except OSError:
            pass
    return tuple(sorted(names))


def trim_heap() -> None:
    """Return freed heap pages to the OS (glibc), so that RSS counts live memory and
    not the allocator's free lists: ever-changing tensor sizes fragment the heap."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def sample(label: str, t0: float, window) -> Sample:
    gc.collect()
    raw = rss_mb()
    trim_heap()
    return Sample(
        label=label,
        t=time.monotonic() - t0,
        rss_mb=raw,
        trimmed_mb=rss_mb(),
        threads=threading.active_count(),
        tasks=len(os.listdir("/proc/self/task")),
        fds=len(os.listdir("/proc/self/fd")),
        objects=len(gc.get_objects()),
        task_names=task_names(),
        frames=window.frames_shown,
        steps=window.runner.steps_done(),
    )


def random_config(rng: random.Random, base):
    from engine import ACTIVATIONS, INITS, NORMS, PRECISIONS
    from engine.config import MODES, OPTIMIZERS, TASKS, THEORIES

    return base.with_(
        depth=rng.choice([1, 2, rng.randint(3, MAX_DEPTH), MAX_DEPTH]),
        width=rng.choice([2, 3, rng.randint(4, MAX_WIDTH), MAX_WIDTH]),
        batch=rng.choice([1, 2, rng.randint(3, MAX_BATCH), MAX_BATCH]),
        activation=rng.choice(list(ACTIVATIONS)),
        init=rng.choice(list(INITS)),
        precision=rng.choice(PRECISIONS),
        residual=rng.random() < 0.3,
        residual_scale=rng.choice([1e-3, 0.5, 1.0, 10.0]),
        norm=rng.choice(NORMS),
        clip=rng.choice([0.0, 0.0, 1e-6, 1.0, 1e6]),
        seed=rng.randrange(2**31 - 1),
        theory=rng.choice(THEORIES),
        mode=rng.choice(MODES),
        optimizer=rng.choice(OPTIMIZERS),
        lr=10 ** rng.uniform(-6, 1),
        task=rng.choice(TASKS),
    )


def largest(base):
    """The hungriest settings the soak uses: run first, so the heap reaches its size."""
    return base.with_(
        depth=MAX_DEPTH, width=MAX_WIDTH, batch=MAX_BATCH, activation="softsign",
        precision="fp16", norm="batch", residual=True, clip=1.0, mode="train",
        optimizer="adam", lr=1e-3,
    )  # fmt: skip


class Soak:
    def __init__(self, window, rng: random.Random, interval_s: float):
        from engine.presets import load_presets

        self.window, self.rng, self.interval_s = window, rng, interval_s
        self.presets = list(load_presets())
        self.actions = 0
        self.errors: list[str] = []
        original = window.show_error

        def record(message: str) -> None:
            if "diverged" not in message:  # training at a high lr may diverge: expected
                self.errors.append(message)
            original(message)

        window.show_error = record

    def prime(self, wait) -> None:
        """Do every kind of action once, so lazily started thread pools (OpenMP starts one
        per thread that first runs a parallel op: the Taylor panel computes activations
        in the GUI thread) exist before the baseline is taken."""
        from engine import ACTIVATIONS

        w = self.window
        for name in ACTIVATIONS:
            w.set_config(w.config.with_(activation=name))
            wait(0.05)
        for preset in self.presets:
            w.controls.apply_preset(preset)
            wait(0.05)
        for _ in range(2):
            w.actions_by_name["dark"].trigger()
            tabs = w.bottom_tabs
            tabs.setCurrentIndex((tabs.currentIndex() + 1) % tabs.count())
            wait(0.1)
        w.controls.set_running(False)
        w.controls.stepRequested.emit()
        wait(0.1)
        w.controls.set_running(True)

    def act(self) -> None:
        w, rng = self.window, self.rng
        self.actions += 1
        roll = rng.random()
        if roll < 0.65:
            w.set_config(random_config(rng, w.config))
        elif roll < 0.72:
            w.controls.apply_preset(rng.choice(self.presets))
        elif roll < 0.78:
            w.pick_layer(rng.randint(1, w.config.depth))
        elif roll < 0.83:
            w.actions_by_name["dark"].trigger()
        elif roll < 0.88:
            tabs = w.bottom_tabs
            tabs.setCurrentIndex((tabs.currentIndex() + 1) % tabs.count())
        elif roll < 0.93:
            w.controls.set_running(False)
            w.controls.stepRequested.emit()
        elif roll < 0.97:
            w.actions_by_name["reseed"].trigger()
        else:
            w.controls.set_running(True)
        if not w.runner.running and rng.random() < 0.5:
            w.controls.set_running(True)  # a divergence pauses the run: resume it


def run(minutes: float, warmup_s: float, interval_s: float, seed: int, rss_limit_mb: float):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6 import QtCore

    from engine import LabConfig
    from gui.app import make_app

    app = make_app()
    from gui.main_window import MainWindow

    start_config = LabConfig(depth=12, width=64, batch=16)
    window = MainWindow(config=start_config, remember=False)
    window.show()
    t0 = time.monotonic()
    deadline = t0 + 60

    def pump_until(predicate, limit_s: float) -> bool:
        """Run the real event loop until `predicate()` holds or `limit_s` has passed."""
        if predicate():
            return True
        loop = QtCore.QEventLoop()
        check, limit = QtCore.QTimer(), QtCore.QTimer()
        check.setInterval(20)
        check.timeout.connect(lambda: predicate() and loop.quit())
        limit.setSingleShot(True)
        limit.timeout.connect(loop.quit)
        check.start()
        limit.start(max(1, int(limit_s * 1000)))
        loop.exec()
        check.stop()
        limit.stop()
        return bool(predicate())

    ok = pump_until(lambda: window.last_frame is not None, deadline - time.monotonic())
    samples = [sample("start", t0, window)]
    failures = [] if ok else ["no frame within 60 s of opening"]

    soak = Soak(window, random.Random(seed), interval_s)
    soak.prime(lambda seconds: pump_until(lambda: False, seconds))
    hungry = largest(start_config)
    window.set_config(hungry)
    pump_until(lambda: window.last_frame is not None and window.last_frame.config == hungry, 60)
    timer = QtCore.QTimer()
    timer.setInterval(int(interval_s * 1000))
    timer.timeout.connect(soak.act)
    timer.start()
    total_s = minutes * 60
    warmup_s = min(warmup_s, total_s / 2)
    pump_until(lambda: time.monotonic() - t0 >= warmup_s, warmup_s + 1)
    samples.append(sample("warm-up", t0, window))
    print(samples[0].line(), flush=True)
    print(samples[1].line(), flush=True)
    # The random actions get their full share even when start-up and priming ran long
    # (a loaded machine): the run ends `total_s − warmup_s` after the warm-up sample.
    run_end = time.monotonic() + max(total_s - warmup_s, 5 * interval_s)
    next_report = time.monotonic() + 30
    frames_at = window.frames_shown
    stalls = 0
    while time.monotonic() < run_end:
        until = min(next_report, run_end)
        pump_until(lambda until=until: time.monotonic() >= until, 31)
        if time.monotonic() >= next_report:
            s = sample("running", t0, window)
            print(s.line(), flush=True)
            if s.frames == frames_at:
                stalls += 1
            frames_at = s.frames
            next_report += 30
    timer.stop()
    final = start_config.with_(seed=seed + 1)
    window.set_config(final)
    window.controls.set_running(True)
    if not pump_until(lambda: window.last_frame.config == final, 60):
        failures.append("the last config set was never shown")
    if stalls:
        failures.append(f"no new frame in {stalls} report interval(s) of 30 s")
    end = sample("end", t0, window)
    samples.append(end)
    print(end.line(), flush=True)
    window.close()
    app.processEvents()

    base = samples[1]
    growth = end.trimmed_mb - base.trimmed_mb
    raw_growth = end.rss_mb - base.rss_mb
    if growth > rss_limit_mb:
        failures.append(f"RSS grew by {growth:.1f} MB after the warm-up (limit {rss_limit_mb} MB)")
    if end.threads > base.threads or end.tasks > base.tasks:
        failures.append(
            f"threads grew: {base.threads} → {end.threads} (tasks {base.tasks} → {end.tasks}: "
            f"{', '.join(base.task_names)} → {', '.join(end.task_names)})"
        )
    if end.fds > base.fds:
        failures.append(f"open files grew: {base.fds} → {end.fds}")
    if soak.errors:
        failures.append(f"{len(soak.errors)} engine error(s), first: {soak.errors[0]}")
    print(
        f"{soak.actions} random actions in {end.t:.0f} s; {end.frames} frames shown, "
        f"{end.steps} engine steps; RSS {growth:+.1f} MB after the warm-up "
        f"({raw_growth:+.1f} MB before trimming the heap), threads "
        f"{base.threads} → {end.threads}, open files {base.fds} → {end.fds}, python objects "
        f"{base.objects} → {end.objects}"
    )
    for failure in failures:
        print(f"FAIL: {failure}")
    print("RESULT " + ("ok" if not failures else "failed"), flush=True)
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=3.0, help="how long (3)")
    parser.add_argument("--warmup-s", type=float, default=60.0, help="warm-up seconds (60)")
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between actions")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the actions")
    parser.add_argument("--rss-limit-mb", type=float, default=50.0, help="allowed RSS growth")
    args = parser.parse_args(argv)
    return run(args.minutes, args.warmup_s, args.interval, args.seed, args.rss_limit_mb)


if __name__ == "__main__":
    sys.exit(main())
