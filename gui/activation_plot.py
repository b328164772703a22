"""Activation plot: per-layer variance of h^t (log axis) and its mean, with theory.

Two stacked plots sharing the layer axis: a mean can be negative, so it cannot share a
log axis with the variance.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from .language import translate
from .pin_ghosts import GhostLayer, activation_curves
from .plot_base import (
    FaultMarkers,
    add_legend_row,
    add_reference_entry,
    finite_range,
    follow_language,
    layer_axis_text,
    log_safe,
    marker_band,
    rename_entry,
    selected_text,
    set_curve,
    style_legend,
)
from .steady_range import SteadyRange
from .theme import LIGHT, style_plot_item, style_series


class ActivationPlot(pg.GraphicsLayoutWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("activationPlot")
        self.var_plot: pg.PlotItem = self.addPlot(row=0, col=0)
        self.mean_plot: pg.PlotItem = self.addPlot(row=1, col=0)
        self.legend = add_legend_row(self.ci, 2)
        self.ci.layout.setRowStretchFactor(0, 3)
        self.ci.layout.setRowStretchFactor(1, 1)
        self.ci.layout.setRowStretchFactor(2, 0)
        v, m = self.var_plot, self.mean_plot
        v.setLogMode(x=False, y=True)
        v.setLabel("left", "Var[hᵗ]")
        m.setXLink(v)
        self.var = v.plot([], [], symbol="o", symbolSize=5, connect="finite")
        self.var_theory = v.plot([], [], connect="finite")
        self.mean = m.plot([], [], symbol="o", symbolSize=4, connect="finite")
        self.mean_theory = m.plot([], [], connect="finite")
        self.legend.addItem(self.var, "Var[hᵗ]")
        self.legend.addItem(self.mean, " ")  # its words: retranslate
        self.legend.addItem(self.var_theory, " ")
        # the layer the histogram shows, marked as in the gradient plot
        self.selected = pg.InfiniteLine(pos=1, angle=90, movable=False)
        v.addItem(self.selected)
        self.selected_label = add_reference_entry(self.legend, self.selected, selected_text(1))
        self.markers = FaultMarkers(v, self.legend, "Var[h]")
        self.ghosts = GhostLayer(self.legend, activation_curves(v, m))  # pinned runs
        self.x_range = SteadyRange(v.vb, "x", "exact")  # the mean plot follows (linked)
        self.var_range = SteadyRange(v.vb, "y", "log")
        self.mean_range = SteadyRange(m.vb, "y", "linear")
        m.vb.disableAutoRange(axis=m.vb.XAxis)
        self.retranslate()
        follow_language(self)
        self.apply_theme(LIGHT)

    def retranslate(self) -> None:
        """Titles, axes, legend and tips in the current language (after a switch too)."""
        self.var_plot.setTitle(translate("ActivationPlot", "Activations per layer"))
        self.mean_plot.setLabel("left", translate("ActivationPlot", "mean hᵗ"))
        self.mean_plot.setLabel("bottom", layer_axis_text())
        rename_entry(self.legend, self.mean, translate("ActivationPlot", "mean hᵗ"))
        rename_entry(self.legend, self.var_theory, translate("ActivationPlot", "theory (dashed)"))
        rename_entry(self.legend, self.selected, selected_text(int(self.selected.value())))
        self.markers.retranslate()
        self.selected.setToolTip(
            translate(
                "ActivationPlot",
                "Layer shown in the histogram (click a layer of the gradient plot)",
            )
        )
        self.setToolTip(
            translate(
                "ActivationPlot",
                "Per-layer variance (top) and mean (bottom) of the activations h^t. The "
                "lesson's goal: keep both the same at every layer.",
            )
        )

    def apply_theme(self, theme) -> None:
        self.theme = theme
        self.setBackground(theme.background)
        for plot in (self.var_plot, self.mean_plot):
            style_plot_item(plot, theme)
        style_legend(self.legend, theme)
        style_series(self.var, theme, theme.measured, 2.5)
        self.var_theory.setPen(theme.pen(theme.theory, 1.8, dashed=True))
        style_series(self.mean, theme, theme.mean, 2)
        self.mean_theory.setPen(theme.pen(theme.theory, 1.5, dashed=True))
        self.selected.setPen(theme.pen(theme.selection, 1, dashed=True))
        self.markers.apply_theme(theme)
        self.ghosts.apply_theme(theme)

    def show_frame(self, frame) -> None:
        layers = frame["layer"]
        if frame.sample_layer != self.selected.value():
            self.selected.setValue(frame.sample_layer)
            self.selected_label.setText(selected_text(frame.sample_layer))
        var = np.asarray(frame["act_var"], dtype=np.float64)
        theory = np.asarray(frame["act_var_theory"], dtype=np.float64)
        set_curve(self.var, layers, log_safe(var))
        set_curve(self.var_theory, layers, log_safe(theory))
        rng = finite_range(var, theory)
        low, high = marker_band(rng)
        counts = self.markers.update(layers, var, low, high)
        ys = [np.log10(rng[0]), np.log10(rng[1])] if rng else [np.log10(low), np.log10(high)]
        ys += self.ghosts.span(self.var_plot)  # every pinned run stays in view
        if counts["zero"]:
            ys.append(np.log10(low))
        if counts["inf"] or counts["nan"]:
            ys.append(np.log10(high))
        lo, hi = min(ys), max(ys)
        if hi - lo < 2.5:  # a log axis under ~3 decades crowds its minor labels
            centre = 0.5 * (lo + hi)
            lo, hi = centre - 1.5, centre + 1.5
        self.var_range.show(lo, hi)
        self.x_range.show(0.5, max(float(len(layers)), self.ghosts.last_x()) + 0.5)
        mean = np.asarray(frame["act_mean"], dtype=np.float64)
        mean_theory = np.asarray(frame["act_mean_theory"], dtype=np.float64)
        set_curve(self.mean, layers, np.where(np.isfinite(mean), mean, np.nan))
        set_curve(self.mean_theory, layers, np.where(np.isfinite(mean_theory), mean_theory, np.nan))
        means = np.concatenate([mean, mean_theory, self.ghosts.span(self.mean_plot)])
        means = means[np.isfinite(means)]
        if means.size:
            self.mean_range.show(float(means.min()), float(means.max()))
