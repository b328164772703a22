"""Throughput: frames shown and engine steps/s with the window, against a plain
Probe.step loop in the same process while the window is paused, segments alternating
(run by benchmarks/window_items.py)."""

from __future__ import annotations

import threading
import time

from .measure import Row, at_least, median
from .window_helpers import FRAMES_PER_S, close_window, open_window, spin

STEPS_KEPT = 0.75


def _headless_rate(probe, seconds: float, in_thread: bool) -> float:
    """Steps/s of a plain Probe.step loop, in this (main) thread or in a fresh thread
    set up like the window's engine thread (`leave_a_core_for_the_gui`)."""
    out = {}

    def loop():
        if in_thread:
            from engine.service import leave_a_core_for_the_gui

            leave_a_core_for_the_gui()
        n, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds:
            probe.step()
            n += 1
        out["rate"] = n / (time.perf_counter() - started)

    if in_thread:
        worker = threading.Thread(target=loop)
        worker.start()
        worker.join()
    else:
        loop()
    return out["rate"]


def throughput(quick: bool, seconds: float | None = None, **_) -> list[Row]:
    """Frames shown per second and engine steps/s with the window, against a plain
    Probe.step loop in this same process while the window is paused (its event loop does
    not run meanwhile: no window work at all). Segments alternate."""
    import torch

    from engine import LabConfig, Probe

    segment = seconds or (1.0 if quick else 5.0)
    rounds = 2 if quick else 4
    config = LabConfig()
    threads = torch.get_num_threads()  # the main thread's, settled before the engine starts
    app, window, recorder = open_window(config)
    spin(1.0)
    headless, headless_engine, windowed, fps, cpu_ms = [], [], [], [], []
    probe = Probe(config)
    probe.step()
    for _ in range(rounds):
        window.runner.set_running(False)
        spin(0.2)  # let the engine finish its step
        headless.append(_headless_rate(probe, segment, in_thread=False))
        headless_engine.append(_headless_rate(probe, segment, in_thread=True))
        window.runner.set_running(True)
        spin(0.3)
        frames0, steps0, cpu0, started = (
            window.frames_shown,
            window.runner.steps_done(),
            time.process_time(),  # this process's: the window's threads, not the engine's
            time.perf_counter(),
        )
        spin(segment)
        elapsed = time.perf_counter() - started
        windowed.append((window.runner.steps_done() - steps0) / elapsed)
        fps.append((window.frames_shown - frames0) / elapsed)
        shown = max(1, window.frames_shown - frames0)
        cpu_ms.append((time.process_time() - cpu0) / shown * 1e3)
    engine_threads = window.runner.torch_threads
    close_window(window)
    kept = [w / h for w, h in zip(windowed, headless, strict=True)]
    kept_same = [w / h for w, h in zip(windowed, headless_engine, strict=True)]
    details = {
        "windowed": windowed,
        "headless": headless,
        "headless_engine_threads": headless_engine,
        "fps": fps,
        "window_cpu_ms_per_frame": cpu_ms,
    }
    return [
        at_least(
            "throughput",
            "frames shown per second, default settings",
            median(fps),
            FRAMES_PER_S,
            "frames/s",
            note=f"{rounds} segments of {segment:g} s; engine makes {median(windowed):.0f} steps/s",
        ),
        at_least(
            "throughput",
            "engine steps/s with window ÷ headless",
            median(kept),
            STEPS_KEPT,
            "×",
            note=(
                f"with window {median(windowed):.1f} steps/s (engine thread: "
                f"{engine_threads} torch thread(s)); headless {median(headless):.1f} "
                f"steps/s ({threads} torch threads)"
            ),
            details=details,
        ),
        Row(
            "throughput",
            "… ÷ headless on the engine thread's torch threads",
            median(kept_same),
            "×",
            note=(
                f"headless on {engine_threads} torch thread(s): "
                f"{median(headless_engine):.1f} steps/s: the window's own cost"
            ),
        ),
        Row(
            "throughput",
            "… window process's CPU time per frame shown",
            median(cpu_ms),
            "ms",
            note="drawing, painting and receiving one frame, whatever the engine's rate",
        ),
    ]
