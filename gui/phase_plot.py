"""The phase plane: every cell a network at (σ_w², σ_b²), coloured by how its gradient
changes from top to bottom, with the mean-field order/chaos line drawn over the cells.

Blue cells: the bottom's gradient is smaller than the top's (the ordered phase, where
gradients vanish); orange: larger (the chaotic phase, where they explode); grey: level
within half a decade (gui/health_colours.py, the depth sweep's colours).
The solid line is χ₁ = 1, the dashed ones the depth scales |ξ| = 3, 10, 30 (gradients
e-fold every |ξ| layers), the star the current settings. Cells not measured yet stay
empty (…); clicking a cell asks for its configuration (`cellPicked`).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore

from engine.activations import ACTIVATIONS
from engine.phase import PhaseResult

from .health_colours import health_map, ink_on
from .language import localise, translate
from .note_strip import KeepApart
from .plot_base import LabPlot
from .switch_words import follow_language, rename_legend
from .theme import style_colorbar

LIMIT = 10.0  # decades either way the colours span (beyond: the end colours)
LEVEL = 0.5  # decades either way that count as level: the neutral band
LABELS_UP_TO = 144  # cells: up to this many, each carries its number


def _edges(values: tuple[float, ...]) -> np.ndarray:
    """Cell edges around sorted values: half-way between neighbours, mirrored at the ends."""
    v = np.asarray(values, dtype=np.float64)
    if v.size == 1:
        half = 0.5 * max(abs(v[0]), 0.1)
        return np.array([v[0] - half, v[0] + half])
    mid = 0.5 * (v[1:] + v[:-1])
    return np.concatenate([[v[0] - (mid[0] - v[0])], mid, [v[-1] + (v[-1] - mid[-1])]])


class PhasePlot(LabPlot):
    cellPicked = QtCore.Signal(float, float)  # (σ_w², σ_b²) of the cell clicked

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("phasePlot")
        p = self.plot_item
        p.setLabel("bottom", "σ_w² = G²·n·γ")
        p.setMouseEnabled(x=False, y=False)
        self.cmap = health_map(-LIMIT, -LEVEL, LEVEL, LIMIT)  # remade for each span
        self.mesh = pg.PColorMeshItem(
            colorMap=self.cmap, levels=(-LIMIT, LIMIT), enableAutoLevels=False
        )
        p.addItem(self.mesh)
        # one label, on the axis with the numbers (given to the constructor it would go
        # on the bar's other side, unthemed)
        self.colorbar = pg.ColorBarItem(
            values=(-LIMIT, LIMIT), colorMap=self.cmap, interactive=False, width=14
        )
        self.colorbar.setImageItem(self.mesh)
        self.ci.addItem(self.colorbar, row=0, col=1)
        self.critical = self.curve("χ₁ = 1: order | chaos (mean field)")
        self.contours: list[pg.PlotDataItem] = []
        self.contour_labels: list[pg.TextItem] = []
        self.keep_apart = KeepApart(p.vb, self.contour_labels, self)  # ξ labels: no overlap
        self.current = self.curve("current settings", pen=None, symbol="star", symbolSize=16)
        self._current_at: tuple[float, float] | None = None  # where the star is
        self.texts: list[pg.TextItem] = []
        self.result: PhaseResult | None = None
        self.scene().sigMouseClicked.connect(self._on_clicked)
        self._retranslate()
        follow_language(self, "_retranslate", self.plot_item)

    def _retranslate(self) -> None:
        """Every word of the plot in the current language (after a switch: at once)."""
        self.plot_item.setLabel("left", translate("PhasePlot", "σ_b² = bias std²"))
        self.colorbar.axis.setLabel(translate("PhasePlot", "log₁₀ RMS ∂ℓ/∂h bottom ÷ top"))
        self.setToolTip(
            translate(
                "PhasePlot",
                "Each cell: the current activation and depth at that σ_w² and σ_b², measured. "
                "Click a cell to load its settings.",
            )
        )
        names = [
            (self.critical, translate("PhasePlot", "χ₁ = 1: order | chaos (mean field)")),
            (self.current, translate("PhasePlot", "current settings")),
        ]
        if self.contours:
            names.append((self.contours[0], self._depth_scales_name()))
        rename_legend(self.legend, names, self.theme.foreground)
        if self.result is None:
            self.plot_item.setTitle(
                translate(
                    "PhasePlot", "Phase plane: where is a deep net ordered, chaotic, critical?"
                )
            )
        else:
            self.show_result(self.result)

    @staticmethod
    def _depth_scales_name() -> str:
        return translate("PhasePlot", "depth scale |ξ| = 3, 10, 30 (dashed)")

    def _restyle(self, theme):
        style_colorbar(self.colorbar, theme)
        self.critical.setPen(theme.pen(theme.theory, 3.0))
        for item in self.contours:
            item.setPen(theme.pen(theme.theory, 1.2, dashed=True))
        for label in self.contour_labels:
            label.setColor(theme.theory)
        self.current.setSymbolBrush(pg.mkBrush(theme.weight))
        self.current.setSymbolPen(theme.pen(theme.foreground, 1.5))
        if self.result is not None:
            self.show_result(self.result)

    def show_frame(self, frame) -> None:  # drawn from a sweep, not from frames
        pass

    def show_result(self, result: PhaseResult) -> None:
        self.result = result
        ratio = np.where(result.done, result.grids["grad_log10_ratio"], np.nan)
        shown = np.where(np.isnan(ratio) & result.done, 0.0, ratio)  # NaN measured: grey below
        shown = np.clip(
            np.nan_to_num(shown, nan=np.nan, posinf=LIMIT, neginf=-LIMIT), -LIMIT, LIMIT
        )
        x_edges, y_edges = _edges(result.weight_vars), _edges(result.bias_vars)
        xx, yy = np.meshgrid(x_edges, y_edges)
        finite = np.abs(shown[np.isfinite(shown)])
        span = float(min(LIMIT, max(1.0, math.ceil(finite.max())))) if finite.size else 1.0
        self.mesh.setData(xx, yy, shown)
        self.cmap = health_map(-span, -LEVEL, LEVEL, span)  # level (±LEVEL) is grey
        self.colorbar.setColorMap(self.cmap)
        self.mesh.setColorMap(self.cmap)
        self.mesh.setLevels((-span, span))
        self.colorbar.setLevels((-span, span))
        self._draw_lines(result, (x_edges[0], x_edges[-1]), (y_edges[0], y_edges[-1]))
        self.show_current(*result.current)
        self._label_cells(result, ratio, span)
        activation = localise(ACTIVATIONS[result.base.activation].label)
        title = translate("PhasePlot", "Phase plane: {act}, depth {d}")
        self.plot_item.setTitle(
            title.format(act=activation, d=result.base.depth),
            color=self.theme.foreground,
            size="12pt",
        )
        self.plot_item.setXRange(x_edges[0], x_edges[-1], padding=0)
        self.plot_item.setYRange(y_edges[0], y_edges[-1], padding=0)
        self.keep_apart.arrange_soon()  # once laid out (a figure: gui.figure_builder.settle)

    def show_current(self, weight_var: float, bias_var: float) -> None:
        """Move the star to the settings that run now (a change that keeps σ_w² and
        σ_b², a reseed or a depth move, leaves it: a scatter's setData costs ~2 ms)."""
        if self._current_at == (weight_var, bias_var):
            return
        self._current_at = (weight_var, bias_var)
        self.current.setData([weight_var], [bias_var])

    def _draw_lines(self, result: PhaseResult, x_range, y_range) -> None:
        others = [line for line in result.lines if line.chi != 1.0]
        while len(self.contours) < len(others):
            item = self.plot_item.plot([], [])
            item.setPen(self.theme.pen(self.theme.theory, 1.2, dashed=True))
            self.contours.append(item)
            label = pg.TextItem("", anchor=(0, 1), color=self.theme.theory)
            self.plot_item.addItem(label)
            self.contour_labels.append(label)
        if others and len(self.legend.items) < 3:
            self.legend.addItem(self.contours[0], self._depth_scales_name())
        for line in result.lines:
            if line.chi == 1.0:
                self.critical.setData(line.weight_var, line.bias_var)
        for rank, (item, label, line) in enumerate(
            zip(self.contours, self.contour_labels, others, strict=False)
        ):
            item.setData(line.weight_var, line.bias_var)
            inside = (
                (line.weight_var >= x_range[0])
                & (line.weight_var <= x_range[1])
                & (line.bias_var >= y_range[0])
                & (line.bias_var <= y_range[1])
            )
            if not inside.any():
                label.setText("")
                continue
            # staggered heights, so labels of lines leaving the view side by side
            # do not overlap: ordered lines (ξ > 0) labelled on their left, chaotic right
            target = y_range[0] + (0.93 - 0.09 * (rank // 2)) * (y_range[1] - y_range[0])
            candidates = np.nonzero(inside)[0]
            k = int(candidates[np.argmin(np.abs(line.bias_var[candidates] - target))])
            x = float(line.weight_var[k])
            at_right_edge = x > x_range[0] + 0.85 * (x_range[1] - x_range[0])
            left = line.chi < 1 or at_right_edge
            label.setAnchor((1.05, 0.5) if left else (-0.05, 0.5))
            label.setText(localise(line.label))
            label.setPos(x, float(line.bias_var[k]))

    def _label_cells(self, result: PhaseResult, ratio: np.ndarray, span: float) -> None:
        rows, cols = ratio.shape
        needed = rows * cols if rows * cols <= LABELS_UP_TO else 0
        while len(self.texts) < needed:
            text = pg.TextItem("", anchor=(0.5, 0.5), color="#111111")
            self.plot_item.addItem(text)
            self.texts.append(text)
        for text in self.texts[needed:]:
            text.setText("")
        for k, text in enumerate(self.texts[:needed]):
            i, j = divmod(k, cols)
            text.setPos(result.weight_vars[j], result.bias_vars[i])
            value = ratio[i, j]
            fraction = 0.5 if np.isnan(value) else 0.5 + 0.5 * float(np.clip(value / span, -1, 1))
            text.setColor(ink_on(self.cmap, fraction))
            text.setText(_cell_text(ratio[i, j]) if result.done[i, j] else "…")

    def _on_clicked(self, event) -> None:
        if self.result is None:
            return
        vb = self.plot_item.vb
        if not vb.sceneBoundingRect().contains(event.scenePos()):
            return
        point = vb.mapSceneToView(event.scenePos())
        j = int(np.searchsorted(_edges(self.result.weight_vars), point.x()) - 1)
        i = int(np.searchsorted(_edges(self.result.bias_vars), point.y()) - 1)
        if 0 <= i < len(self.result.bias_vars) and 0 <= j < len(self.result.weight_vars):
            self.cellPicked.emit(self.result.weight_vars[j], self.result.bias_vars[i])


def _cell_text(x: float) -> str:
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "+inf" if x > 0 else "−inf"
    return f"{x:+.1f}".replace("-", "−")
