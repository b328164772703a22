"""The spectrum panel's item: spectra shown per second at default settings, and what
measuring them costs the main plots' streaming.

Segments alternate in one window (panel hidden, panel shown, hidden, …), so the load a
shared machine adds falls on both alike; each ratio compares a shown segment with the
hidden ones either side of it.
"""

from __future__ import annotations

import time

from .measure import Row, at_least, median

SPECTRA_PER_S = 2.0
STEPS_KEPT = 0.8


def spectrum(quick: bool, seconds: float | None = None, **_) -> list[Row]:
    from engine import LabConfig

    from .window_helpers import close_window, open_window, segment_rates, spin

    segment = seconds or (1.5 if quick else 6.0)
    rounds = 2 if quick else 4
    app, window, recorder = open_window(LabConfig())
    shown: list[float] = []
    window.spectrumShown.connect(lambda _s: shown.append(time.perf_counter()))
    tabs = window.bottom_tabs
    spin(1.0)

    def measure(panel: bool) -> tuple[float, float, float]:
        tabs.setCurrentWidget(window.spectrum_plot if panel else window.histogram_plot)
        spin(0.8)  # the engine starts (or stops) measuring spectra
        return segment_rates(window, segment, lambda: len(shown))

    hidden = [measure(False)]
    visible = []
    for _ in range(rounds):
        visible.append(measure(True))
        hidden.append(measure(False))
    seconds_each = [s.seconds for s in [window.spectrum_plot.spectrum] if s is not None]
    close_window(window)
    kept = [
        v[0] / (0.5 * (before[0] + after[0]))
        for v, before, after in zip(visible, hidden, hidden[1:], strict=False)
    ]
    rates = [v[2] for v in visible]
    details = {"hidden": hidden, "shown": visible}
    note = (
        f"{rounds} shown segments of {segment:g} s between hidden ones: "
        f"{median([v[0] for v in visible]):.1f} steps/s and "
        f"{median([v[1] for v in visible]):.1f} frames/s with the panel, "
        f"{median([h[0] for h in hidden]):.1f} steps/s without"
    )
    return [
        at_least(
            "spectrum",
            "spectra shown per second, default settings",
            median(rates),
            SPECTRA_PER_S,
            "/s",
            note=note
            + (f"; one spectrum {1e3 * seconds_each[0]:.0f} ms of a core" if seconds_each else ""),
            details=details,
        ),
        at_least(
            "spectrum",
            "engine steps/s with the spectrum panel ÷ without",
            median(kept),
            STEPS_KEPT,
            "×",
            note="each shown segment against the mean of the hidden ones either side",
        ),
    ]
