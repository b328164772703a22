"""The pinned item: streaming with the spectrum panel and six pinned runs against the
plain window, in one window, segments alternating (run by benchmarks/window_items.py)."""

from __future__ import annotations

from .measure import Row, at_least, median
from .window_helpers import (
    FRAMES_PER_S,
    close_window,
    open_window,
    segment_rates,
    spin,
    wait_for,
)

LOADED_STEPS_KEPT = 0.8
PIN_SETTINGS = (  # six runs a user might pin to compare, each from the default network
    dict(seed=2),
    dict(activation="tanh"),
    dict(activation="sigmoid", init="xavier_normal"),
    dict(depth=60),
    dict(precision="fp16"),
    dict(activation="gelu", seed=3),
)


def show_spectrum_tab(window, shown: bool) -> None:
    """Bring the spectrum tab to the front (the engine then measures spectra), or the
    histogram's back, as a click on the tab does."""
    tabs = window.bottom_tabs
    tabs.setCurrentWidget(window.spectrum_plot if shown else window.histogram_plot)


def pin_runs(window, recorder, settings, timeout: float = 60.0) -> None:
    """For each of `settings`: set it, wait for its frame (and, with the spectrum tab
    in front, its spectrum), and press the Pin button."""
    from engine import LabConfig

    spectra: list = []
    window.spectrumShown.connect(spectra.append)
    measuring = window.bottom_tabs.currentWidget() is window.spectrum_plot
    for change in settings:
        target = LabConfig().with_(**change)
        window.set_config(target)
        wait_for(
            lambda t=target: bool(recorder.frames) and recorder.frames[-1][1].config == t,
            timeout,
            window.frameShown,
        )
        if measuring:
            wait_for(
                lambda t=target: any(s.config == t for s in spectra), timeout, window.spectrumShown
            )
        window.controls.pin_button.click()
    window.spectrumShown.disconnect(spectra.append)


def pinned(quick: bool, seconds: float | None = None, **_) -> list[Row]:
    """Streaming at default settings with the spectrum tab in front and six pinned runs
    on the plots, against the plain window (histogram tab, no pins): segments alternate
    in one window; each loaded segment is compared with the plain ones either side."""
    from engine import LabConfig

    segment = seconds or (0.7 if quick else 6.0)
    rounds = 1 if quick else 4
    app, window, recorder = open_window(LabConfig())
    show_spectrum_tab(window, True)
    pin_runs(window, recorder, PIN_SETTINGS[:2] if quick else PIN_SETTINGS)
    runs = window.pins.runs()
    window.set_config(LabConfig())
    spin(1.0)

    def measure(loaded: bool) -> tuple[float, float]:
        show_spectrum_tab(window, loaded)
        if loaded:
            window.pins.replace_all(runs)
        else:
            window.pins.clear()
        spin(0.8)  # the engine starts (or stops) measuring spectra
        return segment_rates(window, segment)[:2]

    plain = [measure(False)]
    loaded = []
    for _ in range(rounds):
        loaded.append(measure(True))
        plain.append(measure(False))
    close_window(window)
    kept = [
        v[0] / (0.5 * (before[0] + after[0]))
        for v, before, after in zip(loaded, plain, plain[1:], strict=False)
    ]
    note = (
        f"{rounds} segments of {segment:g} s with the spectrum tab and {len(runs)} pins, "
        f"between plain ones: {median([v[0] for v in loaded]):.1f} steps/s with them, "
        f"{median([p[0] for p in plain]):.1f} steps/s without"
    )
    return [
        at_least(
            "pinned",
            f"engine steps/s with the spectrum panel and {len(runs)} pins ÷ without",
            median(kept),
            LOADED_STEPS_KEPT,
            "×",
            note=note,
            details={"plain": plain, "loaded": loaded, "pins": len(runs)},
        ),
        at_least(
            "pinned",
            f"frames shown per second with the spectrum panel and {len(runs)} pins",
            median([v[1] for v in loaded]),
            FRAMES_PER_S,
            "frames/s",
        ),
        Row(
            "pinned",
            "… frames shown per second, plain window",
            median([p[1] for p in plain]),
            "frames/s",
        ),
    ]
