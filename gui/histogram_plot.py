"""Histogram of one layer's weight gradients, on a log10 scale of their size.

Zeros, infs and NaNs have no logarithm, so they are counted in the title rather than
silently dropped; the layer is picked by clicking the gradient plot.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from engine.formats import RANGES

from .language import translate
from .plot_base import LabPlot, set_line_label
from .steady_range import SteadyRange

BINS = 60


class HistogramPlot(LabPlot):
    def __init__(self, parent=None):
        super().__init__(parent, legend=False)
        self.setObjectName("histogramPlot")
        p = self.plot_item
        self.bars = p.plot([], [], stepMode="center", fillLevel=0)
        self.fp16_tiny = pg.InfiniteLine(
            pos=np.log10(RANGES["fp16"].tiny),
            angle=90,
            movable=False,
            label=" ",  # its words: retranslate
            labelOpts={"position": 0.9},
        )
        p.addItem(self.fp16_tiny)
        self.summary = ""
        self._title = None  # (text, colour) shown: a new title re-lays the plot out
        self._counts = (1, 0, 0, 1)  # (layer, zero, bad, n) the title says
        self.x_range = SteadyRange(p.vb, "x", "log")  # values are log10 already
        self.y_range = SteadyRange(p.vb, "y", "linear")
        self.retranslate()

    def retranslate(self) -> None:
        p = self.plot_item
        p.setLabel("bottom", translate("HistogramPlot", "log₁₀ |∂ℓ/∂W entry|"))
        p.setLabel("left", translate("HistogramPlot", "entries (sampled)"))
        set_line_label(self.fp16_tiny.label, translate("HistogramPlot", "fp16 normal min"))
        self.setToolTip(
            translate(
                "HistogramPlot",
                "Distribution of one layer's weight-gradient entries (up to 4096 sampled). "
                "Click a layer in the gradient plot to choose it.",
            )
        )
        self._show_title()

    def _show_title(self) -> None:
        layer, zero, bad, n = self._counts
        parts = [translate("HistogramPlot", "∂ℓ/∂W of layer {layer}").format(layer=layer)]
        if zero:
            parts.append(
                translate("HistogramPlot", "{percent}% exactly 0").format(
                    percent=f"{100 * zero / n:.0f}"
                )
            )
        if bad:
            parts.append(
                translate("HistogramPlot", "{percent}% inf/NaN").format(
                    percent=f"{100 * bad / n:.0f}"
                )
            )
        self.summary = " · ".join(parts)
        if self._title != (self.summary, self.theme.foreground):
            self._title = (self.summary, self.theme.foreground)
            self.plot_item.setTitle(self.summary, color=self.theme.foreground, size="12pt")

    def _restyle(self, theme):
        self.bars.setPen(theme.pen(theme.weight, 1.5))
        fill = pg.mkColor(theme.weight)
        fill.setAlpha(110)
        self.bars.setBrush(pg.mkBrush(fill))
        self.fp16_tiny.setPen(theme.pen(theme.fp16_line, 1.2, dashed=True))
        self.fp16_tiny.label.setColor(theme.fp16_line)

    def show_frame(self, frame) -> None:
        sample = np.asarray(frame.grad_sample, dtype=np.float64)
        n = max(sample.size, 1)
        zero = int(np.sum(sample == 0))
        bad = int(np.sum(~np.isfinite(sample)))
        good = np.abs(sample[np.isfinite(sample) & (sample != 0)])
        self._counts = (frame.sample_layer, zero, bad, n)
        self._show_title()
        if good.size:
            logs = np.log10(good)
            lo, hi = float(logs.min()), float(logs.max())
            if hi - lo < 1e-9:
                lo, hi = lo - 0.5, hi + 0.5
            counts, edges = np.histogram(logs, bins=BINS, range=(lo, hi))
            self.bars.setData(edges, counts)
            self.x_range.show(lo, hi)
            self.y_range.show(0.0, float(counts.max()), floor=0.0)
        else:
            self.bars.setData([0.0, 1.0], [0])
