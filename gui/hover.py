"""Hover over a layer of the gradient or activation plot: a box beside the point gives
that layer's measured numbers and the theory's, as the frame on screen holds them.

The text is read from the frame drawn last (never recomputed), so it says exactly what the
curve under the mouse shows; the box hides when the mouse leaves the plot's view.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable

import pyqtgraph as pg
from PySide6 import QtCore

from engine.formats import short

from .language import on_change, translate


def number(x: float) -> str:
    """A measured value as the plots' legends write it; 0, ±inf and NaN by name."""
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "+inf" if x > 0 else "−inf"
    if x == 0:
        return translate("Hover", "0 exactly")
    return short(x) if abs(x) >= 1e-300 else f"{x:.1e}"


def _rms(variance) -> float:
    variance = float(variance)
    return math.sqrt(variance) if variance >= 0 else math.nan


def gradient_text(frame, layer: int) -> str:
    i = layer - 1
    return translate(
        "Hover", "layer {layer} of {total}\nRMS ∂ℓ/∂h  {rms}   theory {rms_theory}\n‖∂ℓ/∂W‖  {norm}"
    ).format(
        layer=layer,
        total=frame.config.depth,
        rms=number(_rms(frame["grad_h_var"][i])),
        rms_theory=number(_rms(frame["grad_h_var_theory"][i])),
        norm=number(frame["grad_w_norm"][i]),
    )


def activation_text(frame, layer: int) -> str:
    i = layer - 1
    return translate(
        "Hover",
        "layer {layer} of {total}\nVar[hᵗ]  {var}   theory {var_theory}\n"
        "mean hᵗ  {mean}   theory {mean_theory}",
    ).format(
        layer=layer,
        total=frame.config.depth,
        var=number(frame["act_var"][i]),
        var_theory=number(frame["act_var_theory"][i]),
        mean=number(frame["act_mean"][i]),
        mean_theory=number(frame["act_mean_theory"][i]),
    )


class PlotHover(QtCore.QObject):
    """The hover box of one plot item: `describe(frame, layer)` writes its text."""

    def __init__(
        self,
        widget: pg.GraphicsLayoutWidget,
        plot: pg.PlotItem,
        frame: Callable[[], object],
        describe: Callable[[object, int], str],
        log_y: float | None = None,
    ):
        super().__init__(widget)
        self.widget, self.plot, self.frame, self.describe = widget, plot, frame, describe
        self.text = ""  # what the box says now ("" while hidden)
        self.layer: int | None = None
        self.shown = None  # the frame the text was read from
        self.box = pg.TextItem("", anchor=(0, 1), border=pg.mkPen("#888888"))
        self.box.setZValue(100)
        self.box.hide()
        plot.addItem(self.box, ignoreBounds=True)
        widget.scene().sigMouseMoved.connect(self.on_moved)
        widget.viewport().installEventFilter(self)  # the mouse leaving the plot hides it
        ref = weakref.ref(self)  # held weakly: the switch does not keep the hover alive
        on_change(self, lambda: (hover := ref()) is not None and hover._retranslate())

    def _retranslate(self) -> None:
        """A box shown during a language switch says the same in the new language."""
        if getattr(self.widget, "closed", False):
            return  # a closed plot has deleted its items
        if self.text and self.shown is not None and self.layer is not None:
            self.text = self.describe(self.shown, self.layer)
            self.box.setText(self.text)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QtCore.QEvent.Type.Leave:
            self.hide()
        return False

    def on_moved(self, scene_pos) -> None:
        frame = self.frame()
        vb = self.plot.vb
        if frame is None or not vb.sceneBoundingRect().contains(scene_pos):
            self.hide()
            return
        point = vb.mapSceneToView(scene_pos)
        layer = int(round(point.x()))
        if not 1 <= layer <= frame.config.depth:
            self.hide()
            return
        self.show_layer(frame, layer, point)

    def show_layer(self, frame, layer: int, point=None) -> None:
        self.layer, self.text, self.shown = layer, self.describe(frame, layer), frame
        theme = getattr(self.widget, "theme", None)
        colour = theme.foreground if theme is not None else "#303030"
        background = theme.background if theme is not None else "#ffffff"
        self.box.setColor(colour)
        self.box.fill = pg.mkBrush(pg.mkColor(background))
        self.box.setText(self.text)
        (x0, x1), (y0, y1) = self.plot.vb.viewRange()
        y = point.y() if point is not None else 0.5 * (y0 + y1)
        # the box opens away from the nearer edges, so it stays inside the view
        self.box.setAnchor((0 if layer < 0.5 * (x0 + x1) else 1, 0 if y > 0.5 * (y0 + y1) else 1))
        self.box.setPos(layer, y)
        self.box.show()

    def hide(self) -> None:
        if self.text:
            self.text, self.layer = "", None
            self.box.hide()


def install_hovers(gradient_plot, activation_plot, frame) -> list[PlotHover]:
    """Hover boxes on a gradient and an activation plot reading `frame()`."""
    return [
        PlotHover(gradient_plot, gradient_plot.plot_item, frame, gradient_text),
        PlotHover(activation_plot, activation_plot.var_plot, frame, activation_text),
    ]


def layer_position(hover: PlotHover, layer: int) -> QtCore.QPoint:
    """Where in its widget a mouse over `layer` is (the view's vertical middle)."""
    vb = hover.plot.vb
    (_x0, _x1), (y0, y1) = vb.viewRange()
    scene = vb.mapViewToScene(QtCore.QPointF(layer, 0.5 * (y0 + y1)))
    return hover.widget.mapFromScene(scene)
