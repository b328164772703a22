"""Gradient plot: per layer, the size of ∂ℓ/∂h and ∂ℓ/∂W on a log axis, with theory.

Shaded: the lesson's healthy range (`engine.formats.HEALTHY`); dashed: fp16's normal
range, and dotted its subnormal floor (values between the two lose digits, below half
the floor they are 0). Layers whose gradient is exactly 0, inf or NaN get markers at the
plot's edges. Under the legend, one line gives the measured per-layer factor of
Var[∂ℓ/∂h] beside the theory's (engine/depth_scale.py), and the theory's notes say
which of its assumptions fail. Clicking a layer picks it for the histogram.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore

from engine.depth_scale import gradient_factor
from engine.formats import HEALTHY, RANGES, band, short

from .language import localise, translate
from .note_strip import KeepApart, NoteStrip
from .pin_ghosts import GhostLayer, gradient_curves
from .plot_base import (
    FaultMarkers,
    LabPlot,
    add_reference_entry,
    finite_range,
    layer_axis_text,
    log_safe,
    marker_band,
    rename_entry,
    selected_text,
    set_curve,
    set_line_label,
)
from .steady_range import SteadyRange
from .theme import style_series


class GradientPlot(LabPlot):
    layerPicked = QtCore.Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("gradientPlot")
        p = self.plot_item
        p.setLogMode(x=False, y=True)
        self.healthy = pg.LinearRegionItem(
            values=[np.log10(HEALTHY[0]), np.log10(HEALTHY[1])],
            orientation="horizontal",
            movable=False,
        )
        self.healthy.setZValue(-20)
        p.addItem(self.healthy)
        fp16 = RANGES["fp16"]
        above, below = [(0, 1), (0, 1)], [(0, 0), (0, 0)]
        self.fp16_lines = [
            pg.InfiniteLine(
                pos=np.log10(v),
                angle=0,
                movable=False,
                label=" ",  # its words: retranslate
                labelOpts={"position": 0.02, "anchors": anchors},
            )
            for v, anchors in (
                (fp16.tiny, above),
                # the top line is near the view's top edge: its label goes under it
                (fp16.max, below),
            )
        ]
        self.subnormal_line = pg.InfiniteLine(
            pos=np.log10(fp16.subnormal),
            angle=0,
            movable=False,
            label=" ",
            labelOpts={"position": 0.02, "anchors": [(0, 1), (0, 1)]},
        )
        for line in (*self.fp16_lines, self.subnormal_line):
            line.setZValue(-10)
            p.addItem(line)
        labels = [line.label for line in (*self.fp16_lines, self.subnormal_line)]
        self.line_labels = KeepApart(p.vb, labels, self)  # at a small size: only those that fit
        self.grad_h = self.curve("RMS ∂ℓ/∂h", symbol="o", symbolSize=5, connect="finite")
        self.grad_h_theory = self.curve(" ", connect="finite")  # "theory": retranslate
        self.grad_w = self.curve("‖∂ℓ/∂W‖", symbol="s", symbolSize=5, connect="finite")
        self.markers = FaultMarkers(p, self.legend, "gradient")
        self.ghosts = GhostLayer(self.legend, gradient_curves(p))  # pinned runs
        self.selected = pg.InfiniteLine(pos=1, angle=90, movable=False)
        p.addItem(self.selected)
        self.healthy_label = add_reference_entry(self.legend, self.healthy, " ")
        self.selected_label = add_reference_entry(self.legend, self.selected, selected_text(1))
        # the per-layer factor and the theory's notes, in a strip of their own under the
        # legend, wrapped at its width: they never hide the data nor widen the plot
        self.note = NoteStrip()
        self.ci.addItem(self.note, row=2, col=0)
        self.scene().sigMouseClicked.connect(self._on_clicked)
        self.fault_counts = {"zero": 0, "inf": 0, "nan": 0}
        self.x_range = SteadyRange(p.vb, "x", "exact")
        self.y_range = SteadyRange(p.vb, "y", "log")
        self._frame = None  # the frame shown: its note follows a language switch
        self.retranslate()

    def retranslate(self) -> None:
        p = self.plot_item
        p.setTitle(translate("GradientPlot", "Gradients per layer"))
        p.setLabel("bottom", layer_axis_text())
        p.setLabel("left", translate("GradientPlot", "gradient size"))
        self.healthy.setToolTip(
            translate("GradientPlot", "The lesson's healthy range for gradients: {band}").format(
                band=band(*HEALTHY)
            )
        )
        fp16 = RANGES["fp16"]
        tiny, top = self.fp16_lines
        set_line_label(
            tiny.label,
            translate("GradientPlot", "fp16 smallest normal {tiny}").format(tiny=short(fp16.tiny)),
        )
        set_line_label(
            top.label, translate("GradientPlot", "fp16 max {max}").format(max=short(fp16.max))
        )
        set_line_label(
            self.subnormal_line.label,
            translate("GradientPlot", "fp16 smallest subnormal {smallest} (0 below {zero})").format(
                smallest=short(fp16.subnormal), zero=short(fp16.subnormal / 2)
            ),
        )
        self.line_labels.arrange_soon()
        rename_entry(self.legend, self.grad_h_theory, translate("GradientPlot", "theory"))
        rename_entry(
            self.legend,
            self.healthy,
            translate("GradientPlot", "healthy {band}").format(band=band(*HEALTHY)),
        )
        rename_entry(self.legend, self.selected, selected_text(int(self.selected.value())))
        self.markers.retranslate()
        self.selected.setToolTip(
            translate("GradientPlot", "Layer shown in the histogram (click another layer)")
        )
        self.setToolTip(
            translate(
                "GradientPlot",
                "Per-layer size of the gradient. Vanishing: the curve falls towards layer 1. "
                "Exploding: it rises. Click a layer to see its gradient histogram.",
            )
        )
        if self._frame is not None:
            self._show_note(self._frame)

    def _restyle(self, theme):
        style_series(self.grad_h, theme, theme.measured, 2.5)
        self.grad_h_theory.setPen(theme.pen(theme.theory, 1.8, dashed=True))
        style_series(self.grad_w, theme, theme.weight, 2.0)
        self.healthy.setBrush(pg.mkBrush(theme.healthy_fill))
        for line in self.fp16_lines:
            line.setPen(theme.pen(theme.fp16_line, 1.2, dashed=True))
            line.label.setColor(theme.fp16_line)
        floor = theme.pen(theme.fp16_line, 1.2)
        floor.setStyle(QtCore.Qt.PenStyle.DotLine)
        self.subnormal_line.setPen(floor)
        self.subnormal_line.label.setColor(theme.fp16_line)
        self.selected.setPen(theme.pen(theme.selection, 1, dashed=True))
        self.note.set_colour(theme.foreground)
        self.markers.apply_theme(theme)
        self.ghosts.apply_theme(theme)

    def show_frame(self, frame) -> None:
        layers = frame["layer"]
        with np.errstate(invalid="ignore"):  # a nonsense negative variance becomes NaN
            gh = np.sqrt(np.asarray(frame["grad_h_var"], dtype=np.float64))
            gh_theory = np.sqrt(np.asarray(frame["grad_h_var_theory"], dtype=np.float64))
        gw = np.asarray(frame["grad_w_norm"], dtype=np.float64)
        set_curve(self.grad_h, layers, log_safe(gh))
        set_curve(self.grad_h_theory, layers, log_safe(gh_theory))
        set_curve(self.grad_w, layers, log_safe(gw))
        # One marker per layer: NaN beats inf beats 0, over both gradients.
        worst = np.where(
            np.isnan(gh) | np.isnan(gw),
            np.nan,
            np.where(
                np.isinf(gh) | np.isinf(gw), np.inf, np.where((gh == 0) | (gw == 0), 0.0, 1.0)
            ),
        )
        rng = finite_range(gh, gw, gh_theory)
        low, high = marker_band(rng, HEALTHY)
        self.fault_counts = self.markers.update(layers, worst, low, high)
        # The view: the shaded and dashed reference ranges, the data and any markers.
        ys = [np.log10(RANGES["fp16"].subnormal), np.log10(RANGES["fp16"].max)]
        if rng:
            ys += [np.log10(rng[0]), np.log10(rng[1])]
        ys += self.ghosts.span(self.plot_item)  # every pinned run stays in view
        if self.fault_counts["zero"]:
            ys.append(np.log10(low))
        if self.fault_counts["inf"] or self.fault_counts["nan"]:
            ys.append(np.log10(high))
        self.y_range.show(min(ys), max(ys))
        self.x_range.show(0.5, max(float(len(layers)), self.ghosts.last_x()) + 0.5)
        if frame.sample_layer != self.selected.value():
            self.selected.setValue(frame.sample_layer)
            self.selected_label.setText(selected_text(frame.sample_layer))
        self._frame = frame
        self._show_note(frame)

    def _show_note(self, frame) -> None:
        factor = gradient_factor(frame)
        lines = [localise(factor.text())] if factor is not None else []
        lines += [line for line in localise(frame.theory_note).split("\n") if line]
        note = "\n".join(lines)
        if note != self.note.plain:
            self.note.set_note(note, self.theme.foreground)

    def note_text(self) -> str:
        """What the strip under the legend says, as plain text."""
        return self.note.plain

    def _on_clicked(self, event) -> None:
        vb = self.plot_item.vb
        if not vb.sceneBoundingRect().contains(event.scenePos()):
            return
        x = vb.mapSceneToView(event.scenePos()).x()
        layer = int(round(x))
        if layer >= 1:
            self.layerPicked.emit(layer)
