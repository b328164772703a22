"""Ghost lines: pinned runs drawn behind a plot's live curves, one legend entry each.

A `GhostLayer` belongs to one plot widget; `curves_of(run)` says which curves a pinned
run leaves in it (the gradient plot: RMS ∂ℓ/∂h and ‖∂ℓ/∂W‖; the activation plot: Var
and mean of hᵗ; the spectrum: RMS, largest and smallest s against t). Items are made
once per pin and drawn with `setData`; a rename only relabels the legend. A ghost keeps
the live curve's marker shape (circle = ∂ℓ/∂h, square = ∂ℓ/∂W) hollow, in the pin's
colour, so shape says what is drawn and colour says which run. The plot asks the layer
for the pins' extent, so its view keeps every pinned layer in sight.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore

from engine.pinned import PinnedRun

from .language import translate
from .plot_base import log_safe, set_curve
from .theme import LIGHT, Theme, pin_colour

GHOST_Z = -5  # above the bands and reference lines, below the live curves


@dataclass(frozen=True)
class GhostCurve:
    plot: pg.PlotItem
    x: np.ndarray
    y: np.ndarray  # plain values; a log axis takes their logarithm itself
    symbol: str | None = "o"
    width: float = 1.8
    dotted: bool = False
    log: bool = True  # on a log axis: 0, inf and NaN are not drawn


class GhostLayer:
    def __init__(
        self,
        legend: pg.LegendItem | None,
        curves_of: Callable[[PinnedRun], list[GhostCurve]],
        prefix: str | None = None,
    ):
        if prefix is None:  # "pinned: " in the current language (gui/pins.py renames on a switch)
            prefix = translate("Pins", "pinned: ")
        self.legend, self.curves_of, self.prefix = legend, curves_of, prefix
        self.theme: Theme = LIGHT
        self.items: dict[int, list[tuple[pg.PlotDataItem, GhostCurve]]] = {}
        self.slots: dict[int, int] = {}
        self.keys: list[pg.ScatterPlotItem] = []  # legend-only: which marker is what
        self.board = None

    # ----- following a board --------------------------------------------------------
    def follow(self, board) -> None:
        self.board = board
        board.pinAdded.connect(self.add)
        board.pinChanged.connect(self.rename)
        board.pinRemoved.connect(self.remove)
        for pin in board.pins:
            self.add(pin)

    def add(self, pin) -> None:
        if pin.key in self.items:
            return
        made = []
        for curve in self.curves_of(pin.run):
            y = log_safe(curve.y) if curve.log else np.where(np.isfinite(curve.y), curve.y, np.nan)
            item = pg.PlotDataItem(connect="finite", symbol=curve.symbol, symbolSize=5)
            set_curve(item, np.asarray(curve.x, dtype=np.float64), y)
            item.setZValue(GHOST_Z)
            curve.plot.addItem(item)
            made.append((item, curve))
        self.items[pin.key] = made
        self.slots[pin.key] = pin.slot
        self._style(pin.key)
        if self.legend is not None and made:
            self.legend.addItem(made[0][0], self.prefix + pin.label)
            self._fit_columns()
            self._colour_labels()

    def rename(self, pin) -> None:
        made = self.items.get(pin.key)
        if not made or self.legend is None:
            return
        for sample, label in self.legend.items:
            if sample.item is made[0][0]:
                label.setText(self.prefix + pin.label, color=self.theme.foreground)
        self.legend.updateSize()

    def remove(self, pin) -> None:
        made = self.items.pop(pin.key, [])
        self.slots.pop(pin.key, None)
        if made and self.legend is not None:
            self.legend.removeItem(made[0][0])
            self._fit_columns()
        for item, curve in made:
            curve.plot.removeItem(item)

    def _fit_columns(self) -> None:
        """One legend column while pins are listed: a pin's long label in a two-column
        legend widened the plot, which at 1280×720 squeezed the Taylor dock to scrolling."""
        if not hasattr(self, "_columns"):
            self._columns = self.legend.columnCount
        want = 1 if self.items else self._columns
        if self.legend.columnCount != want:
            self.legend.setColumnCount(want)

    def labels(self) -> list[str]:
        """The legend's pin entries, as shown."""
        if self.legend is None:
            return []
        ours = {id(made[0][0]) for made in self.items.values() if made}
        return [label.text for sample, label in self.legend.items if id(sample.item) in ours]

    def add_key(self, entries: list[tuple[str, str]]) -> None:
        """Legend entries (symbol, text) saying what each marker shape means, for a
        figure whose every line is a pinned run (gui/compare_figure.py)."""
        for symbol, text in entries:
            item = pg.ScatterPlotItem(symbol=symbol, size=7)  # its sample has no line
            self.keys.append(item)
            if self.legend is not None:
                self.legend.addItem(item, text)
        self.apply_theme(self.theme)

    # ----- looks --------------------------------------------------------------------
    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        for key in self.items:
            self._style(key)
        for item in self.keys:
            item.setPen(theme.pen(theme.foreground, 1.5))
            item.setBrush(pg.mkBrush(None))
        self._colour_labels()

    def colour(self, key: int) -> str:
        return pin_colour(self.theme, self.slots[key])

    def _style(self, key: int) -> None:
        colour = self.colour(key)
        for item, curve in self.items[key]:
            pen = self.theme.pen(colour, curve.width)
            if curve.dotted:
                pen.setStyle(QtCore.Qt.PenStyle.DotLine)
            item.setPen(pen)
            if curve.symbol:
                item.setSymbolPen(self.theme.pen(colour, 1.5))
                item.setSymbolBrush(pg.mkBrush(None))  # hollow: the live markers are filled

    def _colour_labels(self) -> None:
        if self.legend is None:
            return
        ours = {id(made[0][0]) for made in self.items.values() if made}
        for sample, label in self.legend.items:
            if id(sample.item) in ours:
                label.setText(label.text, color=self.theme.foreground)

    # ----- extent -------------------------------------------------------------------
    def last_x(self) -> float:
        """The largest x any ghost has (0 without pins)."""
        xs = [float(np.max(c.x)) for made in self.items.values() for _i, c in made if c.x.size]
        return max(xs, default=0.0)

    def first_x(self) -> float:
        xs = [float(np.min(c.x)) for made in self.items.values() for _i, c in made if c.x.size]
        return min(xs, default=math.inf)

    def span(self, plot: pg.PlotItem) -> list[float]:
        """[low, high] of the ghosts on `plot`, in the axis' units (log10 on a log
        axis), or [] when they have no value to show."""
        values = [
            log_safe(c.y) if c.log else np.asarray(c.y, dtype=np.float64)
            for made in self.items.values()
            for _item, c in made
            if c.plot is plot
        ]
        if not values:
            return []
        v = np.concatenate(values)
        v = v[np.isfinite(v)]
        if not v.size:
            return []
        if any(c.log for made in self.items.values() for _i, c in made if c.plot is plot):
            return [math.log10(float(v.min())), math.log10(float(v.max()))]
        return [float(v.min()), float(v.max())]

    def fit_view(self, plot: pg.PlotItem, x_range, y_range) -> None:
        """Fit the view to the ghosts alone (a plot with no live data: the spectrum
        before it is measured, a figure of pinned runs only)."""
        ys = self.span(plot)
        if ys:
            lo, hi = min(ys), max(ys)
            if y_range.kind == "log" and hi - lo < 2.5:  # as the live plots: under ~3
                centre = 0.5 * (lo + hi)  # decades a log axis crowds its minor labels
                lo, hi = centre - 1.5, centre + 1.5
            y_range.show(lo, hi)
        if self.items:
            x_range.show(min(self.first_x(), 1.0) - 0.5, self.last_x() + 0.5)


# ----------------------------------------------------------- what each plot keeps
def gradient_curves(plot: pg.PlotItem) -> Callable[[PinnedRun], list[GhostCurve]]:
    def curves(run: PinnedRun) -> list[GhostCurve]:
        with np.errstate(invalid="ignore"):
            rms = np.sqrt(run.columns["grad_h_var"])
        return [
            GhostCurve(plot, run.layers, rms, "o", 2.0),
            GhostCurve(plot, run.layers, run.columns["grad_w_norm"], "s", 1.5),
        ]

    return curves


def activation_curves(var_plot: pg.PlotItem, mean_plot: pg.PlotItem):
    def curves(run: PinnedRun) -> list[GhostCurve]:
        return [
            GhostCurve(var_plot, run.layers, run.columns["act_var"], "o", 2.0),
            GhostCurve(mean_plot, run.layers, run.columns["act_mean"], "o", 1.5, log=False),
        ]

    return curves


def spectrum_curves(plot: pg.PlotItem):
    def curves(run: PinnedRun) -> list[GhostCurve]:
        if run.spectrum is None:
            return []
        # a spectrum taken while streaming measured only some t (`Spectrum.measured_layers`):
        # the ghost joins the measured ones, as the live curves do
        measured = ~np.isnan(run.spectrum["sv_rms"])  # NaN: not measured
        t = np.flatnonzero(measured).astype(np.float64)
        with np.errstate(over="ignore", under="ignore"):
            values = {k: 10.0 ** v[measured] for k, v in run.spectrum.items()}
        return [
            GhostCurve(plot, t, values["sv_rms"], "o", 2.0),
            GhostCurve(plot, t, values["sv_max"], None, 1.2),
            GhostCurve(plot, t, values["sv_min"], None, 1.2, dotted=True),
        ]

    return curves
