"""Tick labels of a log axis that never stack, at any size.

Within one decade pyqtgraph's log axis falls back to ticks like 0.4, 0.5 … 1 and draws
them all (its first level is always drawn, however crowded): in the window's training
tab at 1280×720 the loss axis printed seven labels on top of each other. `ReadableLogTicks`
chooses the ticks itself after every resize or range change, from the pixels the axis
has: decades (every k-th when they would crowd), else 1-2-5 steps inside the decade,
else evenly spaced values, never more than fit one and a half text lines apart.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
import shiboken6
from PySide6 import QtCore, QtGui

SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
LINE_GAP = 1.6  # label pitch, in text heights


def decade_text(n: int) -> str:
    return {0: "1", 1: "10"}.get(n, f"10{str(n).translate(SUPERSCRIPT)}")


def value_text(v: float) -> str:
    if v == 0 or 1e-3 <= abs(v) < 1e4:
        return f"{v:.4g}"
    exponent = math.floor(math.log10(abs(v)))
    mantissa = v / 10**exponent
    return f"{mantissa:.3g}×10{str(exponent).translate(SUPERSCRIPT)}"


def log_ticks(lo: float, hi: float, room: int) -> list[tuple[float, str]]:
    """At most `room` (≥ 2) labelled ticks for a log axis showing 10^lo … 10^hi."""
    room = max(2, room)
    decades = list(range(math.ceil(lo - 1e-9), math.floor(hi + 1e-9) + 1))
    if len(decades) >= 2:
        step = math.ceil(len(decades) / room)
        return [(float(n), decade_text(n)) for n in decades if n % step == 0]
    for mantissas in ((1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 2, 5), (1, 3), (1,)):
        found = [
            (math.log10(m) + e, value_text(m * 10.0**e))
            for e in range(math.floor(lo) - 1, math.ceil(hi) + 1)
            for m in mantissas
            if lo - 1e-9 <= math.log10(m) + e <= hi + 1e-9
        ]
        if 2 <= len(found) <= room:
            return found
    # a sliver of a decade: evenly spaced values, as a linear axis would choose them
    a, b = 10.0**lo, 10.0**hi
    raw = (b - a) / room
    scale = 10.0 ** math.floor(math.log10(raw))
    step = next(m * scale for m in (1, 2, 5, 10) if m * scale >= raw)
    first = math.ceil(a / step) * step
    count = int((b - first) / step + 1e-9) + 1
    return [(math.log10(first + i * step), value_text(first + i * step)) for i in range(count)]


class ReadableLogTicks(QtCore.QObject):
    """Keep `plot`'s left (log) axis labelled with `log_ticks` for its current size."""

    def __init__(self, plot: pg.PlotItem, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self.view, self.axis = plot.vb, plot.getAxis("left")
        self.ticks: list[tuple[float, str]] = []
        self._timer = QtCore.QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.update)
        self.view.sigResized.connect(self._timer.start)
        self.view.sigYRangeChanged.connect(self._timer.start)

    @QtCore.Slot()
    def update(self) -> None:
        if not shiboken6.isValid(self.view):  # the plot was closed before the timer fired
            return
        lo, hi = self.view.viewRange()[1]
        font = self.axis.style.get("tickFont") or QtGui.QFont()
        line = QtGui.QFontMetricsF(font).height()
        room = int(self.view.height() / (LINE_GAP * line))
        ticks = log_ticks(lo, hi, room) if math.isfinite(lo) and hi > lo else []
        if ticks != self.ticks:
            self.ticks = ticks
            self.axis.setTicks([ticks] if ticks else None)
