"""Window items, measured in the real window offscreen, each in its own process.

`python -m benchmarks.window_items ITEM [--quick] [--seconds S] --out FILE` builds a
`MainWindow`, lets it stream, measures, and writes its rows as JSON; the suite starts
one process per item so that no item inherits another's threads, caches or memory.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from dataclasses import dataclass

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from gui.blas_threads import one_numpy_blas_thread  # noqa: E402

one_numpy_blas_thread()  # as main.py does: before numpy loads here or in the engine

from PySide6 import QtCore  # noqa: E402

from .measure import Row, at_most, median, percentile  # noqa: E402
from .pinned_item import pinned, show_spectrum_tab  # noqa: E402
from .throughput_item import throughput  # noqa: E402
from .window_helpers import (  # noqa: E402
    close_window,
    open_window,
    rss_mb,
    spin,
    wait_for,
)

LATENESS_P99_MS = 30.0
LATENESS_MAX_MS = 100.0
RSS_GROWTH_MB = 50.0


# ----- responsiveness -------------------------------------------------------------------
RESPONSE_MEDIAN_MS = 30.0
RESPONSE_P95_MS = 60.0


@dataclass(frozen=True)
class ResponseCase:
    """One network the responsiveness item opens, with its median target (ms)."""

    where: str  # as the rows say it
    settings: dict
    changes: int  # reseeds and slider moves, alternately
    target_ms: float
    timeout_s: float  # for one change's frame


# The rows; a quick run opens smaller networks of the same kinds (named as they are).
RESPONSE_CASES = (
    ResponseCase("default settings", {}, 60, RESPONSE_MEDIAN_MS, 10.0),
    ResponseCase("depth 500", dict(depth=500), 24, 200.0, 30.0),
    ResponseCase("depth 1000", dict(depth=1000), 16, 450.0, 60.0),
    ResponseCase("width 1024 depth 30", dict(width=1024, depth=30), 16, 250.0, 60.0),
    ResponseCase("width 4096 depth 10", dict(width=4096, depth=10), 8, 1500.0, 120.0),
)
QUICK_CASES = (  # a smoke run: the suite runs it, so each case is small
    ResponseCase("default settings", {}, 8, RESPONSE_MEDIAN_MS, 10.0),
    ResponseCase("depth 60", dict(depth=60), 2, 200.0, 30.0),
    ResponseCase("depth 90", dict(depth=90), 2, 450.0, 30.0),
    ResponseCase("width 512 depth 4", dict(width=512, depth=4), 2, 250.0, 30.0),
    ResponseCase("width 1024 depth 2", dict(width=1024, depth=2), 2, 1500.0, 30.0),
)


def _latencies(window, recorder, changes: int, timeout: float) -> tuple[list[float], list[float]]:
    """Alternately reseed and move the depth slider; milliseconds from each change to
    the first frame shown with the new config (seed changes, slider changes)."""
    rng = random.Random(1)
    seed_ms, slider_ms = [], []
    editor = window.controls.depth_editor  # a logarithmic slider: positions, not depths
    slider, base_depth = editor.slider, window.config.depth
    base = editor.position_of(base_depth)
    # the nearest position below that drags to another depth (base_depth - 1)
    other = next(p for p in range(base - 1, -1, -1) if editor.value_at(p) != base_depth)
    for k in range(changes):
        spin(rng.uniform(0.05, 0.25))  # land at a random point of the engine's step
        started = time.perf_counter()
        if k % 2 == 0:
            window.set_config(window.config.with_(seed=window.config.seed + 1))  # as R does
            sink = seed_ms
        else:
            slider.setValue(other if slider.value() == base else base)
            sink = slider_ms
        target = window.config
        ok = wait_for(
            lambda t=target: bool(recorder.frames) and recorder.frames[-1][1].config == t,
            timeout,
            window.frameShown,
        )
        shown_at = recorder.frames[-1][0] if ok else time.perf_counter()
        sink.append((shown_at - started) * 1e3 if ok else float("inf"))
    return seed_ms, slider_ms


def responsiveness(quick: bool, default_only: bool = False, **_) -> list[Row]:
    """Change → frame in the real window, for the default network, two deep ones and
    two wide ones; each in a fresh window (and engine)."""
    from engine import LabConfig

    rows = []
    cases = QUICK_CASES if quick else RESPONSE_CASES
    window = None
    for case in cases[:1] if default_only else cases:
        config = LabConfig(**case.settings)
        if window is None or not quick:  # a smoke run keeps one window for every case
            app, window, recorder = open_window(config, 2 * case.timeout_s)
        else:
            window.set_config(config)
            wait_for(
                lambda c=config, w=window: w.last_frame.config == c,
                2 * case.timeout_s,
                window.frameShown,
            )
        spin(0.5)
        seed_ms, slider_ms = _latencies(window, recorder, case.changes, case.timeout_s)
        if not quick:
            close_window(window)
        every, where = seed_ms + slider_ms, case.where
        note = (
            f"{len(every)} changes (reseed / depth slider alternately): median reseed "
            f"{median(seed_ms):.0f} ms, depth slider {median(slider_ms):.0f} ms"
        )
        details = {"seed_ms": seed_ms, "slider_ms": slider_ms, "settings": case.settings}
        rows.append(
            at_most(
                "responsiveness",
                f"change → frame, median, {where}",
                median(every),
                case.target_ms,
                "ms",
                note=note,
                details=details,
            )
        )
        if not case.settings:
            rows.append(
                at_most(
                    "responsiveness",
                    f"change → frame, p95, {where}",
                    percentile(every, 95),
                    RESPONSE_P95_MS,
                    "ms",
                )
            )
        for label, values in (("reseed", seed_ms), ("depth slider", slider_ms)):
            rows.append(
                Row("responsiveness", f"… {label} only, median, {where}", median(values), "ms")
            )
    if quick:
        close_window(window)
    return rows


# ----- smoothness -----------------------------------------------------------------------
def smoothness(quick: bool, seconds: float | None = None, **_) -> list[Row]:
    from engine import LabConfig

    seconds = seconds or (3.0 if quick else 20.0)
    rows = []
    for depth in (100, 500):
        app, window, recorder = open_window(LabConfig(depth=depth))
        spin(1.0)
        stamps: list[float] = []
        timer = QtCore.QTimer()
        timer.setTimerType(QtCore.Qt.TimerType.PreciseTimer)
        timer.setInterval(10)
        timer.timeout.connect(lambda s=stamps: s.append(time.perf_counter()))
        frames0, steps0 = window.frames_shown, window.runner.steps_done()
        timer.start()
        spin(seconds)
        timer.stop()
        frames = window.frames_shown - frames0
        steps = window.runner.steps_done() - steps0
        close_window(window)
        late = [max(0.0, (b - a) * 1e3 - 10.0) for a, b in zip(stamps, stamps[1:], strict=False)]
        note = (
            f"{seconds:g} s streaming, {len(late)} ticks: median lateness {median(late):.1f} ms; "
            f"{frames / seconds:.1f} frames/s, {steps / seconds:.1f} steps/s meanwhile"
        )
        rows.append(
            at_most(
                "smoothness",
                f"10 ms timer lateness p99, depth {depth}",
                percentile(late, 99),
                LATENESS_P99_MS,
                "ms",
                note=note,
            )
        )
        rows.append(
            at_most(
                "smoothness",
                f"10 ms timer lateness max, depth {depth}",
                max(late) if late else float("nan"),
                LATENESS_MAX_MS,
                "ms",
            )
        )
    return rows


# ----- memory ---------------------------------------------------------------------------
MEMORY_CYCLE = [
    dict(depth=60),
    dict(activation="tanh"),
    dict(precision="fp16"),
    dict(depth=100),
    dict(activation="sigmoid", init="xavier_normal"),
    dict(precision="fp32"),
    dict(depth=30, activation="relu", init="he_normal"),
    dict(norm="layer"),
    dict(norm="none"),
]


PIN_EVERY = 4  # changes between two pins in the memory soak


def memory(quick: bool, seconds: float | None = None, **_) -> list[Row]:
    """RSS while streaming with a setting (and the seed) changed every interval, cycling
    through depths, activations, precisions and a norm, the spectrum tab in front and a
    run pinned every PIN_EVERY changes (the oldest of six removed first).

    The working set differs from one setting to the next (a depth-100 run holds more than
    a depth-30 one), so RSS is compared like with like: the peak of each full cycle of
    settings, the first cycle left out as warm-up. Growth = median of the last three
    cycle peaks − median of the first three; the trend is a least-squares slope."""
    from engine import LabConfig
    from engine.pinned import MAX_PINS

    seconds = seconds or (5.0 if quick else 600.0)
    cycle = MEMORY_CYCLE
    interval = min(1.0, seconds / (3 * len(cycle)))
    app, window, recorder = open_window(LabConfig())
    show_spectrum_tab(window, True)
    spectra = [0]
    window.spectrumShown.connect(lambda _s: spectra.__setitem__(0, spectra[0] + 1))
    samples: list[tuple[float, float, int]] = []  # (seconds, MB, cycle)
    started = time.perf_counter()
    k = pinned_count = 0
    # at least three cycles: the first is warm-up, and growth compares the later ones
    while time.perf_counter() - started < seconds or k < 3 * len(cycle):
        if k % PIN_EVERY == PIN_EVERY - 1:  # pin the run shown; the oldest pin goes at six
            if len(window.pins.pins) >= MAX_PINS:
                window.pins.remove(window.pins.pins[0].key)
            window.controls.pin_button.click()
            pinned_count += 1
        change = cycle[k % len(cycle)]
        window.set_config(window.config.with_(seed=window.config.seed + 1, **change))
        for _ in range(4):
            spin(interval / 4)
            engine_pid = window.runner.engine_pid  # the window's process plus its engine's
            mb = rss_mb() + (rss_mb(engine_pid) if engine_pid else 0.0)
            samples.append((time.perf_counter() - started, mb, k // len(cycle)))
        k += 1
    ran = time.perf_counter() - started  # past `seconds` only to finish three cycles
    frames = window.frames_shown
    close_window(window)
    full_cycles = k // len(cycle)
    peaks = [
        (max(t for t, _, c in samples if c == n), max(mb for _, mb, c in samples if c == n))
        for n in range(1, full_cycles)
    ]
    if len(peaks) >= 2:
        m = min(3, len(peaks) // 2)
        first, last = median([p for _, p in peaks[:m]]), median([p for _, p in peaks[-m:]])
        growth = last - first
        ts, ps = [t for t, _ in peaks], [p for _, p in peaks]
        t_mean, p_mean = sum(ts) / len(ts), sum(ps) / len(ps)
        var = sum((t - t_mean) ** 2 for t in ts)
        slope = sum((t - t_mean) * (p - p_mean) for t, p in peaks) / var if var else 0.0
    else:
        first = last = growth = slope = float("nan")
    note = (
        f"{ran:.0f} s, a setting changed every {interval:g} s "
        f"({k} changes, {frames} frames, "
        f"{spectra[0]} spectra, {pinned_count} pins made, the oldest removed at {MAX_PINS}; "
        f"{len(peaks)} cycles after the warm-up one): cycle peak {first:.0f} MB → {last:.0f} MB, "
        f"trend {slope * 600:+.1f} MB per 10 min; RSS ranged "
        f"{min(mb for _, mb, _ in samples):.0f}–{max(mb for _, mb, _ in samples):.0f} MB"
    )
    return [
        at_most(
            "memory",
            f"RSS growth (window + engine processes) over {seconds:g} s of streaming (cycle peaks)",
            growth,
            RSS_GROWTH_MB,
            "MB",
            note=note,
            details={
                "cycle_peaks": peaks,
                "slope_mb_per_s": slope,
                "samples": samples[:: max(1, len(samples) // 400)],
            },
        )
    ]


def spectrum(quick: bool, **kwargs) -> list[Row]:
    from .spectrum_item import spectrum as measure

    return measure(quick, **kwargs)


ITEMS = {
    "responsiveness": responsiveness,
    "default-latency": lambda quick, **kw: responsiveness(quick, default_only=True),
    "smoothness": smoothness,
    "throughput": throughput,
    "spectrum": spectrum,
    "pinned": pinned,
    "memory": memory,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.window_items")
    parser.add_argument("item", choices=sorted(ITEMS))
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    rows = ITEMS[args.item](quick=args.quick, seconds=args.seconds)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump([r.to_dict() for r in rows], fh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
