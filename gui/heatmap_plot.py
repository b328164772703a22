"""Heatmap: layer × recent steps of log10 gradient size, with a colour bar.

History is a fixed-size ring buffer (memory stays flat however long the lab runs) that
restarts whenever the run does. Exactly-zero gradients take the bottom colour, ±inf the
top one, NaN is left blank.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from .plot_base import LabPlot
from .steady_range import SteadyRange, steady_range
from .theme import style_colorbar

HISTORY = 240


class HeatmapPlot(LabPlot):
    quantity = "grad_h"  # what a cell shows: the layer's RMS ∂ℓ/∂h (exports name it)
    label = "log₁₀ RMS ∂ℓ/∂h"

    def __init__(self, parent=None):
        super().__init__(parent, legend=False)
        self.setObjectName("heatmapPlot")
        p = self.plot_item
        p.setTitle("Gradient history")
        p.setLabel("bottom", "steps ago")
        p.setLabel("left", "layer t")
        self.image = pg.ImageItem(axisOrder="row-major")
        p.addItem(self.image)
        self.colorbar = pg.ColorBarItem(
            values=(-8, 2),
            colorMap=pg.colormap.get("viridis"),
            label=self.label,
            interactive=False,
            width=14,
        )
        self.colorbar.setImageItem(self.image)
        self.ci.addItem(self.colorbar, row=0, col=1)  # own column: its tick labels fit
        self._buffer = np.full((1, HISTORY), np.nan)
        self._filled = 0
        self._run = None
        self._levels = None  # colour levels in whole decades, kept while the data fits
        self.x_range = SteadyRange(p.vb, "x", "exact")
        self.y_range = SteadyRange(p.vb, "y", "exact")
        self.setToolTip(
            "Each column is one step, newest on the right; each row a layer. A dark band "
            "at the bottom means the bottom layers' gradients vanished. Zero = darkest, "
            "inf = brightest, NaN = blank."
        )

    def _restyle(self, theme):
        style_colorbar(self.colorbar, theme)

    def show_frame(self, frame) -> None:
        depth = len(frame["layer"])
        key = (frame.run_id, depth)
        if key != self._run:
            self._run = key
            self._buffer = np.full((depth, HISTORY), np.nan)
            self._filled = 0
        with np.errstate(divide="ignore", invalid="ignore"):
            column = np.log10(np.sqrt(np.asarray(frame["grad_h_var"], dtype=np.float64)))
        self._buffer = np.roll(self._buffer, -1, axis=1)
        self._buffer[:, -1] = column
        self._filled = min(self._filled + 1, HISTORY)
        shown = self._buffer
        finite = shown[np.isfinite(shown)]
        if finite.size:
            lo, hi = float(finite.min()), float(finite.max())
            if hi - lo < 1:
                lo, hi = lo - 0.5, hi + 0.5
        else:
            lo, hi = -8.0, 2.0
        levels = steady_range(self._levels, lo, hi, "log")  # a still colour bar axis
        lo, hi = levels
        image = np.where(np.isneginf(shown), lo, np.where(np.isposinf(shown), hi, shown))
        if levels != self._levels:
            self._levels = levels
            self.colorbar.setLevels(levels)
        self.image.setImage(image, autoLevels=False, levels=levels)
        self.image.setRect(-HISTORY, 0.5, HISTORY, depth)
        self.x_range.show(-HISTORY, 0.0)
        self.y_range.show(0.5, depth + 0.5)

    def history(self) -> np.ndarray:
        """The filled part of the history (layers × steps), oldest step first."""
        return self._buffer[:, HISTORY - self._filled :].copy()
