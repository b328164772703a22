"""Heatmap: layer × recent steps of log10 gradient size, with a colour bar.

History is a fixed-size ring buffer (memory stays flat however long the lab runs) that
restarts whenever the run does. Exactly-zero gradients (underflow) are grey and ±inf
vermilion, colours the colour map never takes, so a vanished layer is not mistaken for
a merely small one; NaN is left blank. The legend names them only when they are shown.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from engine.figures import HISTORY_STEPS

from .language import translate
from .plot_base import LabPlot
from .steady_range import SteadyRange, steady_range
from .theme import style_colorbar

HISTORY = HISTORY_STEPS  # columns: an exported heatmap draws this many steps
ZERO_RGBA = (140, 140, 140, 255)  # grey: not in viridis
INF_RGBA = (213, 94, 0, 255)  # vermilion, the lab's overflow colour


class HeatmapPlot(LabPlot):
    quantity = "grad_h"  # what a cell shows: the layer's RMS ∂ℓ/∂h (exports name it)
    label = "log₁₀ RMS ∂ℓ/∂h"

    def __init__(self, parent=None):
        super().__init__(parent, legend=False)
        self.setObjectName("heatmapPlot")
        p = self.plot_item
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
        self.marks = pg.ImageItem(axisOrder="row-major")  # exact zeros and infinities
        p.addItem(self.marks)
        self.fault_legend = pg.LegendItem(offset=(-4, 4), labelTextSize="8pt")
        self.fault_legend.setParentItem(p.vb)
        self.fault_legend.setVisible(False)  # an empty legend still paints its box
        # legend-only items (in no plot); one point each, as a sample takes its colours
        # from the item's scatter, which an empty item never styles (both were blue)
        self._zero_sample = pg.PlotDataItem(
            [0], [0], pen=None, symbol="s", symbolBrush=ZERO_RGBA[:3], symbolPen=None
        )
        self._inf_sample = pg.PlotDataItem(
            [0], [0], pen=None, symbol="s", symbolBrush=INF_RGBA[:3], symbolPen=None
        )
        self._legend_rows: tuple[bool, bool] = (False, False)
        self.ci.addItem(self.colorbar, row=0, col=1)  # own column: its tick labels fit
        self._buffer = np.full((1, HISTORY), np.nan)
        self._filled = 0
        self._run = None
        self._levels = None  # colour levels in whole decades, kept while the data fits
        self.x_range = SteadyRange(p.vb, "x", "exact")
        self.y_range = SteadyRange(p.vb, "y", "exact")
        self.retranslate()

    def retranslate(self) -> None:
        p = self.plot_item
        p.setTitle(translate("HeatmapPlot", "Gradient history"))
        p.setLabel("bottom", translate("HeatmapPlot", "steps ago"))
        p.setLabel("left", translate("HeatmapPlot", "layer t"))
        self.setToolTip(
            translate(
                "HeatmapPlot",
                "Each column is one step, newest on the right; each row a layer. A dark band "
                "at the bottom means the bottom layers' gradients vanished. Grey: exactly 0 "
                "(underflow), vermilion: ±inf (overflow), blank: NaN.",
            )
        )
        self._fill_fault_legend()

    def _restyle(self, theme):
        style_colorbar(self.colorbar, theme)
        self.fault_legend.setBrush(pg.mkBrush(theme.background))
        self.fault_legend.setLabelTextColor(theme.foreground)

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
        self._show_marks(shown, depth)
        self.x_range.show(-HISTORY, 0.0)
        self.y_range.show(0.5, depth + 0.5)

    def _show_marks(self, shown: np.ndarray, depth: int) -> None:
        zero, inf = np.isneginf(shown), np.isposinf(shown)
        marks = np.zeros((*shown.shape, 4), dtype=np.uint8)
        marks[zero] = ZERO_RGBA
        marks[inf] = INF_RGBA
        self.marks.setImage(marks, autoLevels=False, levels=(0, 255))
        self.marks.setRect(-HISTORY, 0.5, HISTORY, depth)
        rows = (bool(zero.any()), bool(inf.any()))
        if rows != self._legend_rows:
            self._legend_rows = rows
            self._fill_fault_legend()

    def _fill_fault_legend(self) -> None:
        rows = self._legend_rows
        self.fault_legend.clear()
        if rows[0]:
            self.fault_legend.addItem(self._zero_sample, translate("HeatmapPlot", "exactly 0"))
        if rows[1]:
            self.fault_legend.addItem(self._inf_sample, "±inf")
        self.fault_legend.setVisible(any(rows))

    def history(self) -> np.ndarray:
        """The filled part of the history (layers × steps), oldest step first."""
        return self._buffer[:, HISTORY - self._filled :].copy()
