"""The Taylor panel: an activation near 0, its exact Taylor polynomials, and the verdict.

It shows the lesson's §7 as a picture: where the polynomial hugs the curve the linear
analysis of §6 holds, and the series says at a glance whether f(0) = 0 and f'(0) = 1.
The series, the curves and the verdict are plain `TaylorData` from a source: in the
window the engine's process expands them (`engine.taylor`, from the same registry entry
the network trains with), so sympy never loads into the window's process; the panel says
"Expanding the series…" until they arrive. Plot items are created once and updated with
setData. Its controls (gui/taylor_controls.py) and text (gui/taylor_text.py) wrap, so it
fits a narrow dock (1280×720) without scrolling sideways.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from engine import ACTIVATIONS
from engine.protocol import TAYLOR_POINTS, TAYLOR_RANGE, TaylorData, TaylorFailed, taylor_grid

from .language import live, localise, on_change, translate
from .taylor_controls import TaylorControls, copied_text, copy_text
from .taylor_source import LocalTaylorSource
from .taylor_text import series_label, show_series, text_label, text_row, verdict_label
from .theme import LIGHT, style_plot_item
from .window_theme import tone

PLOT_MINIMUM = (220, 200)  # px: the axes, a readable curve and the legend still fit
MAX_CURVES = 6  # polynomials drawn at once; more is clutter
GRID = taylor_grid()  # the data's x; the panel draws the slice in view
GRID_STEP = 2 * TAYLOR_RANGE / (TAYLOR_POINTS - 1)
# Okabe–Ito colours (readable on white, distinct for colour-blind eyes); the chosen
# order always gets the first one.
ORDER_COLOURS = ("#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
CURVE_COLOUR = "#222222"
COMPARE_COLOUR = "#6A3D9A"
# The same roles on a dark background: the lighter Okabe–Ito tints (blue #0072B2 and the
# purple read at under 3 : 1 there).
ORDER_COLOURS_DARK = ("#FF7A3D", "#56B4E9", "#33D6A0", "#FF9AD5", "#F0C040", "#8FD3FF")
COMPARE_COLOUR_DARK = "#C9A7FF"
DERIVATIVE_COLOUR = "#7F7F7F"
REGION_BRUSH = (0, 158, 115, 38)
# One click to the comparison that teaches something about each activation.
SUGGESTED = {
    "sigmoid": "scaled_sigmoid",
    "scaled_sigmoid": "sigmoid",
    "tanh": "scaled_sigmoid",
    "relu": "leaky_relu",
    "leaky_relu": "relu",
    "elu": "relu",
    "gelu": "silu",
    "silu": "gelu",
    "softplus": "relu",
    "softsign": "tanh",
    "identity": "tanh",
}


class _SmallPlot(pg.PlotWidget):
    """A plot that asks only for a small size and takes what the panel has left, so the
    panel fits a narrow dock and a short window still shows the verdict below it."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.setMinimumSize(*PLOT_MINIMUM)

    def sizeHint(self) -> QtCore.QSize:  # noqa: N802 - Qt's name
        return QtCore.QSize(*PLOT_MINIMUM)


def _pen(colour: str, width: float = 2.0, style=QtCore.Qt.PenStyle.SolidLine) -> QtGui.QPen:
    return pg.mkPen(colour, width=width, style=style)


def _latex_line(data: TaylorData, align: str = "") -> str:
    """A complete line, 'σ(x) = ½ + x/4 − …' (a formula's left side: f(x) = …)."""
    return f"{ACTIVATIONS[data.activation].latex} {align}= {data.latex}"


class TaylorPanel(QtWidgets.QWidget):
    """An activation, its Taylor polynomials around 0, the 1 % region and the verdict."""

    changed = QtCore.Signal()

    def __init__(
        self,
        activation: str = "sigmoid",
        parent: QtWidgets.QWidget | None = None,
        deferred: bool = False,
        source=None,
    ):
        """`deferred`: ask for nothing until `load()` (the main window calls it after
        its first paint). `source`: where the data come from (`taylor_source`); by
        default computed in this process."""
        super().__init__(parent)
        self.setObjectName("taylorPanel")
        self.theme = LIGHT  # the text's colours follow it (apply_theme)
        self._activation = self._checked(activation)
        self._orders: list[int] = []
        self._latex = ""
        self._loaded = not deferred
        self._drawn: tuple | None = None  # (activation, order, compare) last drawn
        self._copied = False  # the copy button says "Copied ✓" for a moment
        self.source = source or LocalTaylorSource()
        self._waiting = QtCore.QTimer(self)  # polls the source while data are on their way
        self._waiting.setInterval(50)
        self._waiting.timeout.connect(self._on_waiting)
        self._build_controls()
        self._build_plot()
        self._build_text()
        self._layout()
        self._connect()
        if deferred:
            self.series_label.setText(_expanding())
        self._redraw()
        on_change(self, self._language_changed)

    def _language_changed(self) -> None:
        """Every text the panel built from its state, again in the new language."""
        self.copy_button.setText(copied_text() if self._copied else copy_text())
        if not self._loaded:
            self.series_label.setText(_expanding())
        self._redraw()

    def load(self) -> None:
        """Draw now if drawing was deferred."""
        if not self._loaded:
            self._loaded = True
            self._redraw()

    # ----------------------------------------------------------------- public API
    @property
    def activation(self) -> str:
        return self._activation

    @property
    def orders(self) -> list[int]:
        """The orders of the polynomials drawn, lowest first; the last one is shaded."""
        self.load()
        return list(self._orders)

    @property
    def ready(self) -> bool:
        """It shows the series of its activation, order and comparison (in the window,
        once the engine's answer has arrived)."""
        return self._drawn == (self._activation, self.order_spin.value(), self.compare)

    @property
    def compare(self) -> str | None:
        return self.compare_combo.currentData()

    def set_activation(self, name: str) -> None:
        """Show `name`'s series; a config change that keeps the activation (a reseed, a
        depth move) redraws nothing: the panel's redraw was ~10 ms of every change."""
        name = self._checked(name)
        if name == self._activation and self.ready:
            return
        self._activation = name
        self._redraw()

    def set_compare(self, name: str | None) -> None:
        """Overlay a second activation (None: no comparison)."""
        index = self.compare_combo.findData(None if name is None else self._checked(name))
        self.compare_combo.setCurrentIndex(index)  # redraws through the combo's signal

    def apply_theme(self, theme) -> None:
        """Follow the window's light/dark theme: the plot here, the text's own colours in
        `_redraw` (its default colour is the window palette's, gui/window_theme.py)."""
        self.theme = theme  # what an export restores afterwards
        item = self.plot.getPlotItem()
        self.plot.setBackground(theme.background)
        style_plot_item(item, theme)
        item.showGrid(x=True, y=True, alpha=0.15)  # static plot: the grid's cost is paid once
        self._curve.setPen(_pen(theme.theory, 3))
        compare = COMPARE_COLOUR_DARK if theme.name == "dark" else COMPARE_COLOUR
        self._compare_curve.setPen(_pen(compare, 2.5, QtCore.Qt.PenStyle.DashLine))
        legend_bg = QtGui.QColor(theme.background)
        legend_bg.setAlpha(225)
        self._legend.setBrush(pg.mkBrush(legend_bg))
        self._legend.setLabelTextColor(theme.foreground)
        self._redraw()

    def latex(self) -> str:
        self.load()
        return self._latex

    # ------------------------------------------------------------------- building
    @staticmethod
    def _checked(name: str) -> str:
        if name not in ACTIVATIONS:
            raise ValueError(f"unknown activation {name!r} (known: {', '.join(ACTIVATIONS)})")
        return name

    def _build_controls(self) -> None:
        self.controls = TaylorControls(self)
        c = self.controls  # the panel's names for them, as tests and callers use
        self.order_spin, self.lower_check = c.order_spin, c.lower_check
        self.range_spin, self.derivative_check = c.range_spin, c.derivative_check
        self.compare_combo, self.suggest_button = c.compare_combo, c.suggest_button
        self.copy_button = c.copy_button

    def _build_plot(self) -> None:
        self.plot = _SmallPlot(objectName="taylorPlot")
        live(
            self.plot,
            "setToolTip",
            lambda: translate(
                "TaylorPanel",
                "Solid black: the activation. Coloured: its Taylor polynomials around 0. "
                "Shaded: where the highest order is within 1 %.",
            ),
        )
        item = self.plot.getPlotItem()
        item.setLabel("bottom", "x")
        item.setLabel("left", "f(x)")
        item.showGrid(x=True, y=True, alpha=0.15)
        item.setMenuEnabled(False)
        item.hideButtons()
        self.plot.setMouseEnabled(x=False, y=False)
        axis_pen = _pen("#BBBBBB", 1)
        item.addItem(pg.InfiniteLine(pos=0, angle=90, pen=axis_pen), ignoreBounds=True)
        item.addItem(pg.InfiniteLine(pos=0, angle=0, pen=axis_pen), ignoreBounds=True)
        self._region = pg.LinearRegionItem(
            values=(0, 0), movable=False, brush=pg.mkBrush(*REGION_BRUSH), pen=pg.mkPen(None)
        )
        self._region.setZValue(-10)
        item.addItem(self._region, ignoreBounds=True)
        self._curve = item.plot(pen=_pen(CURVE_COLOUR, 3))
        self._polys = [item.plot(pen=_pen(c, 2)) for c in ORDER_COLOURS]
        dash = QtCore.Qt.PenStyle.DashLine
        self._compare_curve = item.plot(pen=_pen(COMPARE_COLOUR, 2.5, dash))
        dash_dot = QtCore.Qt.PenStyle.DashDotLine
        self._derivative_curve = item.plot(pen=_pen(DERIVATIVE_COLOUR, 2, dash_dot))
        self._legend = item.addLegend(
            offset=(8, 8), brush=pg.mkBrush(255, 255, 255, 225), pen=_pen("#CCCCCC", 1)
        )
        self._legend.setLabelTextColor("#333333")

    def _build_text(self) -> None:
        self.series_label = series_label("taylorSeriesLabel")
        self.verdict_label = verdict_label("taylorVerdictLabel")
        self.compare_series_label = series_label("taylorCompareSeriesLabel")
        self.compare_verdict_label = verdict_label("taylorCompareVerdictLabel")
        self.region_label = text_label(
            "taylorRegionLabel",
            lambda: translate(
                "TaylorPanel", "Where the linear analysis of the lesson can be trusted."
            ),
        )

    def _layout(self) -> None:
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.addWidget(self.controls)
        outer.addWidget(self.plot, 1)
        outer.addLayout(text_row(self.verdict_label, self.series_label))
        outer.addLayout(text_row(self.compare_verdict_label, self.compare_series_label))
        outer.addWidget(self.region_label)

    def _connect(self) -> None:
        self.order_spin.valueChanged.connect(self._redraw)
        self.lower_check.toggled.connect(self._redraw)
        self.range_spin.valueChanged.connect(self._redraw)
        self.derivative_check.toggled.connect(self._redraw)
        self.compare_combo.currentIndexChanged.connect(self._redraw)
        self.suggest_button.clicked.connect(self._on_suggest_clicked)
        self.copy_button.clicked.connect(self._on_copy_clicked)

    # ------------------------------------------------------------------- handlers
    def _on_suggest_clicked(self, checked: bool) -> None:
        self.set_compare(SUGGESTED.get(self._activation) if checked else None)

    def _on_copy_clicked(self) -> None:
        QtWidgets.QApplication.clipboard().setText(self._latex)
        self._copied = True
        self.copy_button.setText(copied_text())
        QtCore.QTimer.singleShot(1500, self, self._reset_copy_text)

    def _reset_copy_text(self) -> None:
        self._copied = False
        self.copy_button.setText(copy_text())

    def _on_waiting(self) -> None:
        if self.source.poll():
            self._redraw()

    # --------------------------------------------------------------------- drawing
    def _chosen_orders(self, data: TaylorData) -> list[int]:
        top = self.order_spin.value()
        if not self.lower_check.isChecked():
            return [top]
        adds = data.nonzero_orders
        lower = [k for k in adds if k < top]
        if top not in adds and lower:
            lower.pop()  # it draws the same polynomial as `top`
        return (lower + [top])[-MAX_CURVES:]

    def _data(self) -> tuple[TaylorData, TaylorData | None] | None:
        """The data to draw (the activation's, the comparison's), or None while they are
        on their way (the source is polled until they arrive) or one failed."""
        top, other = self.order_spin.value(), self.compare
        wanted = [self._activation] + ([other] if other else [])
        answers = [self.source.get(name, top) for name in wanted]
        failed = [a for a in answers if isinstance(a, TaylorFailed)]
        if None in answers or failed:
            self.series_label.setText(
                f"⚠ {localise(failed[0].message)}" if failed else _expanding()
            )
            if not failed:
                self._waiting.start()
            return None
        self._waiting.stop()
        return answers[0], (answers[1] if other else None)

    def _redraw(self) -> None:
        if not self._loaded:
            return
        found = self._data()
        if found is None:
            return
        data, other = found
        name, top = self._activation, self.order_spin.value()
        half = self.range_spin.value()
        start = int(round((TAYLOR_RANGE - half) / GRID_STEP))
        view = slice(start, TAYLOR_POINTS - start)
        x = GRID[view]
        f = data.values[view]
        g = other.values[view] if other else None
        df = data.slopes[view] if self.derivative_check.isChecked() else None
        shown = [v for v in (f, g, df) if v is not None]
        lo, hi = min(v.min() for v in shown), max(v.max() for v in shown)
        pad = max(0.12 * (hi - lo), 0.25)
        lo, hi = lo - pad, hi + pad

        self._legend.clear()
        label = localise(ACTIVATIONS[name].label)
        self._curve.setData(x, f)
        self._legend.addItem(self._curve, label)
        self._orders = self._chosen_orders(data)
        for i, curve in enumerate(self._polys):
            colour_rank = len(self._orders) - 1 - i  # the chosen order gets colour 0
            if colour_rank < 0:
                curve.setData([], [])
                continue
            order = self._orders[i]
            colours = ORDER_COLOURS_DARK if self.theme.name == "dark" else ORDER_COLOURS
            curve.setPen(_pen(colours[colour_rank], 2.5 if colour_rank == 0 else 1.8))
            # Far outside the view a high-order polynomial is ~1e9: clip it so Qt draws sanely.
            y = np.clip(data.evaluate(x, order), lo - 3 * (hi - lo), hi + 3 * (hi - lo))
            curve.setData(x, y)
            self._legend.addItem(
                curve, translate("TaylorPanel", "order {order}").format(order=order)
            )
        if g is not None:
            self._compare_curve.setData(x, g)
            self._legend.addItem(self._compare_curve, localise(ACTIVATIONS[other.activation].label))
        else:
            self._compare_curve.setData([], [])
        if df is not None:
            self._derivative_curve.setData(x, df)
            most = translate("TaylorPanel", "{name}′  (max {most})")
            self._legend.addItem(
                self._derivative_curve, most.format(name=label, most=f"{df.max():.3g}")
            )
        else:
            self._derivative_curve.setData([], [])

        a, b = data.accurate_within(half)
        self._region.setRegion((a, b))
        self.plot.setXRange(-half, half, padding=0)
        self.plot.setYRange(lo, hi, padding=0)
        if (a, b) == (-half, half):
            shaded = translate(
                "TaylorPanel",
                "Shaded: where the order-{order} polynomial is within 1 % of {name}, "
                "x ∈ [{a}, {b}] (the whole view).",
            )
        else:
            shaded = translate(
                "TaylorPanel",
                "Shaded: where the order-{order} polynomial is within 1 % of {name}, "
                "x ∈ [{a}, {b}].",
            )
        shaded = shaded.format(order=top, name=label, a=_num(a), b=_num(b))
        self.region_label.setText(
            f"<span style='color:{tone(self.theme, 'muted')}'>{shaded}</span>"
        )
        self._latex = _latex_line(data)
        if other is not None:  # the compared series too, one aligned line each
            self._latex = (
                rf"\begin{{aligned}} {_latex_line(data, '&')} \\ {_latex_line(other, '&')} "
                rf"\end{{aligned}}"
            )
        show_series(self.series_label, self.verdict_label, data, self.theme)
        self.compare_series_label.setVisible(other is not None)
        self.compare_verdict_label.setVisible(other is not None)
        if other:
            show_series(self.compare_series_label, self.compare_verdict_label, other, self.theme)
        self._sync_suggestion(self.compare)
        self._drawn = (name, top, self.compare)
        self.changed.emit()

    def _sync_suggestion(self, other: str | None) -> None:
        suggestion = SUGGESTED.get(self._activation)
        blocked = self.suggest_button.blockSignals(True)
        self.suggest_button.setVisible(suggestion is not None)
        if suggestion:
            label = localise(ACTIVATIONS[suggestion].label)
            text = translate("TaylorPanel", "Compare with {name}")
            self.suggest_button.setText(text.format(name=label))
            self.suggest_button.setChecked(other == suggestion)
            tip = translate("TaylorPanel", "One click overlays {name}; click again to remove it.")
            self.suggest_button.setToolTip(tip.format(name=label))
        self.suggest_button.blockSignals(blocked)


def _expanding() -> str:
    return "<i>" + translate("TaylorPanel", "Expanding the series…") + "</i>"


def _num(value: float) -> str:
    return f"{value:.3g}".replace("-", "−")
