"""View ranges that stand still while the data moves inside them.

pyqtgraph's auto-range re-fits every view to every new frame, and each re-fit makes
both axes rebuild their ticks and labels on the next paint (and often paints the plot
twice). Measured at 30 frames/s (benchmarks/, 'smoothness' and 'throughput'): auto-range
plus axis rebuilding were ~60% of the GUI thread's time per frame, time the engine
thread then waits for the GIL. A `SteadyRange` moves its axis only when the data
leaves the view or fills less than a third of it, and then to round numbers (whole
decades on a log axis), so most frames repaint with cached axes.

Panning or zooming by hand takes the axis over; the plot's "A" (auto-range) button gives
it back.
"""

from __future__ import annotations

import math

import pyqtgraph as pg

EXACT_PAD = 0.02  # like pyqtgraph's own padding


def steady_range(
    current: tuple[float, float] | None, lo: float, hi: float, kind: str, floor: float | None = None
) -> tuple[float, float]:
    """The range to show data spanning [lo, hi]: `current` while the data stays inside
    it and fills at least a third of it, else a new one.

    kind: "log" — values are log10 units, the range is whole decades around them;
    "linear" — padded by 10% and rounded outwards to a round step;
    "exact" — padded by 2%, refitted whenever the data bounds change (for layer axes).
    `floor` pins the lower end (a histogram's zero count).
    """
    if hi < lo:
        lo, hi = hi, lo
    if kind == "exact":
        pad = EXACT_PAD * (hi - lo) or 0.5
        return (lo - pad if floor is None else floor, hi + pad)
    if current is not None:
        c_lo, c_hi = current
        if c_lo <= lo and hi <= c_hi and 3 * (hi - lo) >= c_hi - c_lo:
            return current
    if kind == "log":
        new = (math.floor(lo - 0.1), math.ceil(hi + 0.1))
    else:
        span = hi - lo
        pad = 0.1 * span or 0.1 * abs(hi) or 0.5
        if not math.isfinite(span + 2 * pad):  # near float64's limits: no rounding
            return (lo, hi)
        step = 10.0 ** math.floor(math.log10(span + 2 * pad)) / 2
        new = (math.floor((lo - pad) / step) * step, math.ceil((hi + pad) / step) * step)
    return (float(new[0]) if floor is None else floor, float(new[1]))


class SteadyRange:
    """One axis of a ViewBox, set from the data by `show(lo, hi)`."""

    def __init__(self, viewbox: pg.ViewBox, axis: str, kind: str):
        self.viewbox, self.kind = viewbox, kind
        self.index = 0 if axis == "x" else 1
        self.range: tuple[float, float] | None = None
        self.manual = False
        viewbox.disableAutoRange(axis=self.index)
        viewbox.sigRangeChangedManually.connect(self._on_manual)

    def _on_manual(self, mask) -> None:
        if mask[self.index]:
            self.manual = True

    def show(self, lo: float, hi: float, floor: float | None = None) -> None:
        """Keep data spanning [lo, hi] (log10 units on a log axis) in view."""
        vb = self.viewbox
        if vb.state["autoRange"][self.index]:  # the "A" button: fit the data again
            vb.disableAutoRange(axis=self.index)
            self.manual, self.range = False, None
        if self.manual or not (math.isfinite(lo) and math.isfinite(hi)):
            return
        new = steady_range(self.range, lo, hi, self.kind, floor)
        if new != self.range:
            self.range = new
            if self.index == 0:
                vb.setXRange(*new, padding=0)
            else:
                vb.setYRange(*new, padding=0)
