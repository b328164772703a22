"""The phase diagram plot: one cell per (init or activation, depth), coloured by the
bottom layer's log10 gradient size, each cell labelled, healthy cells ticked.

Readable at a dock's width: every row is a tick of its own, the axis as wide as its
longest name (pyqtgraph sizes an axis after its first paint and drops, until then, any
label wider than it: the init and activation sweeps lost most of theirs); the colours
say healthy (neutral), vanishing (blue) or exploding (orange) on their own
(gui/health_colours.py), so cell numbers are shown only where they fit; the caption
wraps in a strip under the plot.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6 import QtGui

from engine.formats import HEALTHY, band
from engine.sweep import METRICS, SweepResult

from .health_colours import health_map, ink_on
from .language import localise, translate
from .note_strip import NoteStrip
from .plot_base import LabPlot
from .switch_words import follow_language
from .theme import style_colorbar

LO = math.log10(HEALTHY[0]) - 6  # the colour bar's ends: 6 decades below the band…
HI = math.log10(HEALTHY[1]) + 3  # …and 3 above
CELL_PAD = 6  # pixels a cell keeps around its number


def fit_axis_to_labels(axis: pg.AxisItem, labels: list[str]) -> None:
    """Make a vertical axis wide enough for its widest tick label now, not after a
    paint (a label wider than the axis is not drawn at all)."""
    font = axis.style.get("tickFont") or axis.font()
    widest = max((QtGui.QFontMetricsF(font).horizontalAdvance(s) for s in labels), default=0)
    label = axis.label.boundingRect().height() * 0.8 if axis.label.isVisible() else 0.0
    offset = axis.style["tickTextOffset"][0] + max(0, axis.style["tickLength"])
    axis.setWidth(int(math.ceil(widest + offset + label + 4)))


class SweepPlot(LabPlot):
    def __init__(self, parent=None):
        super().__init__(parent, legend=False)
        self.setObjectName("sweepPlot")
        p = self.plot_item
        # the title wraps in a strip of its own: as the plot's title it would set the
        # plot's minimum width, wider than the sweep dock
        self.ci.removeItem(p)
        self.title = NoteStrip(font_pt=12, centred=True)
        self.ci.addItem(self.title, row=0, col=0, colspan=2)
        self.ci.addItem(p, row=1, col=0)
        p.invertY(True)
        p.setMouseEnabled(x=False, y=False)
        p.hideButtons()
        self.image = pg.ImageItem(axisOrder="row-major")
        p.addItem(self.image)
        self.cmap = health_map(LO, *np.log10(HEALTHY), HI)
        # the label goes on the axis with the numbers only: given to the constructor it
        # lands on the bar's other side, a second, grey one
        self.colorbar = pg.ColorBarItem(
            values=(LO, HI), colorMap=self.cmap, interactive=False, width=14
        )
        self.colorbar.setImageItem(self.image)
        self.ci.addItem(self.colorbar, row=1, col=1)  # own column: its tick labels fit
        self.caption = NoteStrip()
        self.ci.addItem(self.caption, row=2, col=0, colspan=2)
        self.texts: list[pg.TextItem] = []
        self.result: SweepResult | None = None
        p.vb.sigResized.connect(self._fit_texts)
        self._retranslate()
        follow_language(self, "_retranslate", self.plot_item)

    def _retranslate(self) -> None:
        """Every word of the plot in the current language (after a switch: at once)."""
        healthy = band(*HEALTHY)
        self.title.set_note(translate("SweepPlot", "Where is the bottom layer's gradient healthy?"))
        self.plot_item.setLabel("bottom", translate("SweepPlot", "depth"))
        self.caption.set_note(self._caption())
        tip = translate(
            "SweepPlot",
            "Each cell: a network of that depth, measured for a few steps. ✓ = the bottom "
            "layer's gradient lies in the lesson's healthy range {band}.",
        )
        self.setToolTip(tip.format(band=healthy))
        if self.result is None:
            self.colorbar.axis.setLabel(f"log₁₀ {localise(METRICS['grad_h'])}")
        else:
            self.show_result(self.result)

    @staticmethod
    def _caption() -> str:
        text = translate(
            "SweepPlot",
            "✓ healthy (grey): the gradient at layer 1 lies in {band}; "
            "blue: it vanishes, orange: it explodes.",
        )
        return text.format(band=band(*HEALTHY))

    @staticmethod
    def axis_name(axis: str) -> str:
        """The rows' axis as a reader names it."""
        if axis == "init":
            return translate("SweepPlot", "init")
        if axis == "activation":
            return translate("SweepPlot", "activation")
        return axis

    def _restyle(self, theme):
        style_colorbar(self.colorbar, theme)
        self.caption.set_colour(theme.foreground)
        self.title.set_colour(theme.foreground)
        if self.result is not None:
            self.show_result(self.result)

    def show_result(self, result: SweepResult) -> None:
        self.result = result
        p = self.plot_item
        grid = np.asarray(result.grid, dtype=np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            logs = np.log10(grid)
        shown = np.clip(
            np.where(np.isneginf(logs), LO, np.where(np.isposinf(logs), HI, logs)), LO, HI
        )
        self.colorbar.setLevels((LO, HI))
        metric = localise(METRICS[result.metric])
        self.colorbar.axis.setLabel(f"log₁₀ {metric}", color=self.theme.foreground)
        self.image.setImage(shown, autoLevels=False, levels=(LO, HI))
        rows, cols = grid.shape
        self.image.setRect(-0.5, -0.5, cols, rows)
        labels = [localise(label) for label in result.labels()]
        p.getAxis("bottom").setTicks([[(j, str(d)) for j, d in enumerate(result.depths)]])
        p.getAxis("left").setTicks([[(i, lab) for i, lab in enumerate(labels)]])
        p.setLabel("left", self.axis_name(result.axis))
        fit_axis_to_labels(p.getAxis("left"), labels)
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
            value = shown[i, j]
            fraction = (value - LO) / (HI - LO) if np.isfinite(value) else 0.5
            t.setColor(ink_on(self.cmap, fraction) if computed[i, j] else self.theme.foreground)
            t.setText(_cell_text(grid[i, j], bool(healthy[i, j])) if computed[i, j] else "…")
        p.setXRange(-0.5, cols - 0.5, padding=0)
        p.setYRange(-0.5, rows - 0.5, padding=0)
        self._fit_texts()

    def _fit_texts(self, *_args) -> None:
        """Numbers only in cells wide and tall enough for them (colours say the rest)."""
        if self.result is None:
            return
        rows, cols = np.shape(self.result.grid)
        view = self.plot_item.vb
        cell_w, cell_h = view.width() / max(cols, 1), view.height() / max(rows, 1)
        used = [t for t in self.texts[: rows * cols] if t.toPlainText()]
        widest = max((t.textItem.boundingRect().width() for t in used), default=0.0)
        tall = max((t.textItem.boundingRect().height() for t in used), default=0.0)
        fits = widest + CELL_PAD <= cell_w and tall * 0.8 <= cell_h
        for t in self.texts:
            t.setVisible(fits)

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
