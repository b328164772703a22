"""The phase diagram plot: one cell per (init or activation, depth), coloured by the
bottom layer's log10 gradient size, each cell labelled, healthy cells ticked."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg

from engine.formats import HEALTHY, band
from engine.sweep import METRICS, SweepResult

from .plot_base import LabPlot
from .theme import style_colorbar


class SweepPlot(LabPlot):
    def __init__(self, parent=None):
        super().__init__(parent, legend=False)
        self.setObjectName("sweepPlot")
        p = self.plot_item
        p.setTitle("Phase diagram: where is the bottom layer's gradient healthy?")
        p.setLabel("bottom", "depth")
        p.invertY(True)
        p.setMouseEnabled(x=False, y=False)
        self.image = pg.ImageItem(axisOrder="row-major")
        p.addItem(self.image)
        self.colorbar = pg.ColorBarItem(
            values=(-12, 3),
            colorMap=pg.colormap.get("CET-D1"),
            label="log₁₀ gradient",
            interactive=False,
            width=14,
        )
        self.colorbar.setImageItem(self.image)
        self.ci.addItem(self.colorbar, row=0, col=1)  # own column: its tick labels fit
        self.texts: list[pg.TextItem] = []
        self.result: SweepResult | None = None
        self.setToolTip(
            "Each cell: a network of that depth, measured for a few steps. ✓ = the bottom "
            f"layer's gradient lies in the lesson's healthy range {band(*HEALTHY)}."
        )

    def _restyle(self, theme):
        style_colorbar(self.colorbar, theme)
        for t in self.texts:
            t.setColor(theme.foreground)
        if self.result is not None:
            self.show_result(self.result)

    def show_result(self, result: SweepResult) -> None:
        self.result = result
        p = self.plot_item
        grid = np.asarray(result.grid, dtype=np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            logs = np.log10(grid)
        lo, hi = math.log10(HEALTHY[0]) - 6, math.log10(HEALTHY[1]) + 3
        shown = np.clip(
            np.where(np.isneginf(logs), lo, np.where(np.isposinf(logs), hi, logs)), lo, hi
        )
        self.colorbar.setLevels((lo, hi))
        self.colorbar.axis.setLabel(f"log₁₀ {METRICS[result.metric]}", color=self.theme.foreground)
        self.image.setImage(shown, autoLevels=False, levels=(lo, hi))
        rows, cols = grid.shape
        self.image.setRect(-0.5, -0.5, cols, rows)
        p.getAxis("bottom").setTicks([[(j, str(d)) for j, d in enumerate(result.depths)]])
        p.getAxis("left").setTicks([[(i, lab) for i, lab in enumerate(result.labels())]])
        p.setLabel("left", result.axis)
        needed = rows * cols
        while len(self.texts) < needed:
            t = pg.TextItem("", anchor=(0.5, 0.5))
            p.addItem(t)
            self.texts.append(t)
        for t in self.texts[needed:]:
            t.setText("")
        healthy, computed = result.healthy, result.computed()
        for k, t in enumerate(self.texts[:needed]):
            i, j = divmod(k, cols)
            t.setPos(j, i)
            t.setColor("#111111")
            t.setText(_cell_text(grid[i, j], bool(healthy[i, j])) if computed[i, j] else "…")
        p.setXRange(-0.5, cols - 0.5, padding=0)
        p.setYRange(-0.5, rows - 0.5, padding=0)

    def show_frame(self, frame) -> None:  # not a live plot
        pass


def _cell_text(x: float, healthy: bool) -> str:
    if math.isnan(x):
        return "NaN ✗"
    if x == 0:
        return "0 ✗"
    if math.isinf(x):
        return "inf ✗"
    mantissa, exponent = f"{x:.0e}".split("e")
    return f"{mantissa}e{int(exponent)}" + (" ✓" if healthy else " ✗")
