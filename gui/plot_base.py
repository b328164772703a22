"""What every live plot shares: log-safe data, fault markers, theming.

A log axis drops 0, inf and NaN without a word (the point just disappears, and if every
point is bad the view falls back to 10⁰–10¹) — exactly the values this lab exists to
show — so every plot converts to float64 (fp16 arrays would underflow again), masks those
points out of its curves, and draws them as explicit markers with legend entries instead.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from engine.formats import HEALTHY
from engine.words import QT_TRANSLATE_NOOP

from .language import localise, translate
from .switch_words import follow_language
from .theme import LIGHT, Theme, style_plot_item


def log_safe(values) -> np.ndarray:
    """float64 copy with every value a log axis cannot show replaced by NaN."""
    out = np.array(values, dtype=np.float64)
    out[~np.isfinite(out) | (out <= 0)] = np.nan
    return out


# Beyond this many points a curve's markers merge into a band (a depth-500 net on a
# 1000-pixel plot), and drawing them was most of a deep frame's time (~4 ms a curve).
MARKERS_UP_TO = 200


def set_curve(item: pg.PlotDataItem, x, y) -> None:
    """setData, but a curve with no finite point gets no data at all (pyqtgraph warns
    'All-NaN slice' on every paint of an all-NaN curve with symbols), and a long curve
    drops its markers unless a point stands alone between gaps (no line shows it)."""
    y = np.asarray(y, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    shown = getattr(item, "lab_shown", None)  # (x, y, the item's data then)
    if (
        shown is not None
        and item.yData is shown[2]  # nothing else has set its data since
        and _same(shown[0], x)
        and _same(shown[1], y)
    ):
        return  # a theory curve between frames of one run: setData and its repaint saved
    finite = np.isfinite(y)
    _mark_points(item, finite)
    if finite.any():
        item.setData(x, y)
    else:
        item.setData([], [])
    item.lab_shown = (x.copy(), y.copy(), item.yData)


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and np.array_equal(a, b, equal_nan=True)


def _mark_points(item: pg.PlotDataItem, finite: np.ndarray) -> None:
    if not hasattr(item, "lab_symbol"):
        item.lab_symbol = item.opts["symbol"]  # the marker it was made with
    if item.lab_symbol is None:
        return
    wanted = item.lab_symbol
    if finite.size > MARKERS_UP_TO:
        gap = np.concatenate(([True], ~finite, [True]))
        alone = finite & gap[:-2] & gap[2:]
        wanted = item.lab_symbol if alone.any() else None
    if item.opts["symbol"] != wanted:
        item.setSymbol(wanted)


def plot_views(widget) -> list[pg.GraphicsView]:
    """The GraphicsViews a plot widget shows: itself, or those it holds (the Taylor
    panel, the sweep panel's plot)."""
    views = [widget] if isinstance(widget, pg.GraphicsView) else []
    return views + widget.findChildren(pg.GraphicsView)


def finite_range(*arrays) -> tuple[float, float] | None:
    vals = np.concatenate([log_safe(a) for a in arrays]) if arrays else np.array([])
    vals = vals[np.isfinite(vals)]
    if vals.size == 0:
        return None
    return float(vals.min()), float(vals.max())


def marker_band(rng, default=HEALTHY) -> tuple[float, float]:
    """Where fault markers sit: a decade beyond the finite data, kept inside float64's
    normal range so the log axis can place them (a denormal /10 would be 0)."""
    if rng is None:
        return default
    return max(rng[0] / 10, 1e-300), min(rng[1] * 10, 1e300)


class FaultMarkers:
    """Markers for layers whose value is exactly 0, ±inf or NaN, at the plot's edges;
    the legend names a kind only while some layer shows it."""

    LABELS = {
        "zero": QT_TRANSLATE_NOOP("PlotBase", "exactly 0 (underflow)"),
        "inf": QT_TRANSLATE_NOOP("PlotBase", "±inf (overflow)"),
        "nan": "NaN",
    }

    def __init__(self, plot: pg.PlotItem, legend: pg.LegendItem, what: str):
        self.what = what
        self.legend = legend
        self.zero = plot.plot([], [], pen=None, symbol="t", symbolSize=12)
        self.inf = plot.plot([], [], pen=None, symbol="t1", symbolSize=12)
        self.nan = plot.plot([], [], pen=None, symbol="x", symbolSize=12)
        self._shown = {"zero": False, "inf": False, "nan": False}

    def _relabel(self) -> None:
        for name in self.LABELS:
            self.legend.removeItem(getattr(self, name))
        for name, label in self.LABELS.items():
            if self._shown[name]:
                self.legend.addItem(getattr(self, name), localise(label))

    def retranslate(self) -> None:
        """The legend's words for the markers shown, in the current language."""
        for name, label in self.LABELS.items():
            rename_entry(self.legend, getattr(self, name), localise(label))

    def update(self, layers, values, low: float, high: float) -> dict[str, int]:
        values = np.asarray(values, dtype=np.float64)
        masks = {"zero": values == 0, "inf": np.isinf(values), "nan": np.isnan(values)}
        places = {"zero": low, "inf": high, "nan": high}
        before = dict(self._shown)
        for name, mask in masks.items():
            item = getattr(self, name)
            xs = np.asarray(layers, dtype=np.float64)[mask]
            if xs.size == 0 and not self._shown[name]:
                continue  # still nothing to mark: skip setData, ~0.1 ms a call every frame
            self._shown[name] = xs.size > 0
            item.setData(xs, np.full(xs.shape, places[name]))
        if self._shown != before:
            self._relabel()
        return {name: int(mask.sum()) for name, mask in masks.items()}

    def apply_theme(self, theme: Theme) -> None:
        for name, colour in (("zero", theme.zero), ("inf", theme.inf), ("nan", theme.nan)):
            item = getattr(self, name)
            item.setSymbolBrush(pg.mkBrush(colour))
            item.setSymbolPen(theme.pen(colour, 1.5))


def add_legend_row(layout: pg.GraphicsLayout, row: int, columns: int = 2) -> pg.LegendItem:
    """A legend in its own row under a plot, so it never hides the data."""
    legend = pg.LegendItem(colCount=columns, labelTextSize="8pt", verSpacing=-6)
    layout.addItem(legend, row=row, col=0)
    return legend


class ReferenceSample(pg.ItemSample):
    """A legend sample for a shaded band (LinearRegionItem) or a reference line
    (InfiniteLine), drawn as what it marks: a filled box, a dashed stroke upright for a
    vertical line. Clicking it hides or shows the item, as for a curve."""

    def paint(self, p, *args):
        item = self.item
        if not item.isVisible():
            return  # an empty place: the entry stays, as pyqtgraph keeps a hidden curve's
        p.setRenderHint(p.RenderHint.Antialiasing)
        if isinstance(item, pg.LinearRegionItem):
            fill = QtGui.QColor(item.brush.color())
            edge = QtGui.QColor(fill)
            edge.setAlpha(max(fill.alpha(), 140))  # a faint fill still shows its edge
            p.setBrush(item.brush)
            p.setPen(pg.mkPen(edge, width=1))
            p.drawRect(QtCore.QRectF(2, 5, 16, 12))
            return
        p.setPen(item.pen)
        if item.angle % 180 == 90:
            p.drawLine(QtCore.QPointF(10, 2), QtCore.QPointF(10, 19))
        else:
            p.drawLine(QtCore.QPointF(0, 11), QtCore.QPointF(20, 11))


def selected_text(layer: int) -> str:
    """The legend's name for the line marking the layer the histogram shows."""
    return translate("PlotBase", "layer {layer} (histogram)").format(layer=layer)


def layer_axis_text() -> str:
    """The layer axis' label, as every per-layer plot writes it."""
    return translate("PlotBase", "layer t  (1 = next to the input)")


def set_line_label(label, text: str) -> None:
    """A reference line's label reads `text` at once, shown or hidden (pyqtgraph's
    setFormat leaves a hidden label's text as it was until it is shown again)."""
    label.format = text
    label.setText(text)
    label.updatePosition()


def rename_entry(legend: pg.LegendItem | None, item, text: str) -> None:
    """Give `item`'s legend entry the words `text` (its colour kept); nothing if it has
    no entry."""
    if legend is None:
        return
    changed = False
    for sample, label in legend.items:
        if sample.item is item and label.text != text:
            label.setText(text)
            changed = True
    if changed:
        legend.updateSize()


def add_reference_entry(legend: pg.LegendItem, item, name: str) -> pg.LabelItem:
    """Name a band or reference line in `legend`; return its label (to rename it)."""
    legend.addItem(ReferenceSample(item), name)
    return legend.items[-1][1]


def style_legend(legend: pg.LegendItem, theme: Theme) -> None:
    legend.setLabelTextColor(theme.foreground)
    for _sample, label in legend.items:  # setLabelTextColor skips existing labels
        label.setText(label.text, color=theme.foreground)
    legend.setBrush(pg.mkBrush(theme.background))
    legend.setPen(None)


class LabPlot(pg.GraphicsLayoutWidget):
    """One plot with its legend underneath; shows frames, can be re-themed and exported
    (everything it draws lives in its scene)."""

    def __init__(self, parent=None, legend: bool = True):
        super().__init__(parent)
        self.plot_item: pg.PlotItem = self.addPlot(row=0, col=0)
        self.legend = add_legend_row(self.ci, 1) if legend else None
        self.theme: Theme = LIGHT
        follow_language(self)  # its words follow a language switch

    def retranslate(self) -> None:
        """Set the words that do not come with a frame (titles, axes, legend, tips) in
        the current language: called at construction and after every switch."""

    def curve(self, name: str | None = None, **kwargs) -> pg.PlotDataItem:
        item = self.plot_item.plot([], [], **kwargs)
        if name and self.legend is not None:
            self.legend.addItem(item, name)
        return item

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.setBackground(theme.background)
        style_plot_item(self.plot_item, theme)
        if self.legend is not None:
            style_legend(self.legend, theme)
        self._restyle(theme)

    def _restyle(self, theme: Theme) -> None:  # subclasses colour their own items
        pass

    def show_frame(self, frame) -> None:
        raise NotImplementedError
