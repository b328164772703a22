"""Spectrum panel: the singular values of J_t = ∂h^d/∂h^t, the lesson's product of
Jacobians, for one input.

Left, a histogram of log10 s for the chosen t (drag the line on the right plot, or click
a t there), with the theory where one exists: every s equal for an orthogonal linear net,
the Fuss–Catalan law for a Gaussian one. Right, against t on a log axis: the largest,
median and smallest s and the RMS √(Σ s²/n), the RMS beside the theory's per-layer
factors multiplied up (the gradient plot's line). A zero has no logarithm: exact zeros
(switched-off ReLU units) are counted in the note and marked ▼ on the right. In half
precision the format's normal range is drawn and the values outside it counted.

The engine measures a `Spectrum` (engine/jacobian.py) while this panel is shown; every t
arrives at once, so picking another t redraws without asking the engine. While
streaming, a spectrum may hold only the histogram's t and the curves' points
(engine/spectrum_worker.py): the curves are drawn at the t measured.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore

from engine.formats import short
from engine.spectrum import Spectrum

from .language import localise, translate
from .note_strip import KeepApart, NoteStrip
from .pin_ghosts import GhostLayer, spectrum_curves
from .plot_base import LabPlot, log_safe, marker_band, set_curve, style_legend
from .steady_range import SteadyRange
from .switch_words import follow_language, rename_legend
from .theme import style_plot_item, style_series

BINS = 40
WIDE_RATIO = 1.4  # width ÷ height from which the two plots sit side by side


class SpectrumPlot(LabPlot):
    fromLayerPicked = QtCore.Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("spectrumPlot")
        self.spectrum: Spectrum | None = None
        self.from_layer = 0
        hist = self.plot_item
        hist.setLabel("bottom", "log₁₀ s")
        self.bars = hist.plot([], [], stepMode="center", fillLevel=0)
        self.law = hist.plot([], [])
        self.isometry = pg.InfiniteLine(angle=90, movable=False)
        self.isometry.hide()
        hist.addItem(self.isometry)
        self.hist_band = pg.LinearRegionItem(orientation="vertical", movable=False)
        self.hist_band.setZValue(-20)
        self.hist_band.hide()
        for edge in self.hist_band.lines:
            edge.setMovable(False)
        hist.addItem(self.hist_band)
        self.curves_item: pg.PlotItem = self.addPlot(row=0, col=1)
        c = self.curves_item
        c.setLogMode(x=False, y=True)
        self.sv_max = self.curve("largest s", connect="finite")
        self.sv_median = self.curve("median s", connect="finite")
        self.sv_min = self.curve("smallest s", connect="finite")
        self.sv_rms = self.curve("RMS √(Σs²/n)", symbol="o", symbolSize=5, connect="finite")
        self.rms_theory = self.curve("theory: √(χ⋯χ)", connect="finite")
        for item in (self.sv_max, self.sv_median, self.sv_min, self.sv_rms, self.rms_theory):
            self.plot_item.removeItem(item)  # `curve` adds to the first plot
            c.addItem(item)
        self.zeros = c.plot([], [], pen=None, symbol="t", symbolSize=12)
        self.legend.addItem(self.zeros, "smallest s = 0 exactly")
        self.ghosts = GhostLayer(self.legend, spectrum_curves(c))  # pinned runs
        self.curve_format = [self._line(c, 0, 0.98, (1, 1)), self._line(c, 0, 0.98, (1, 0))]
        labels = [line.label for line in self.curve_format]
        self.line_labels = KeepApart(c.vb, labels, self)  # at a small size: only those that fit
        self.selected = pg.InfiniteLine(pos=0, angle=90, movable=True)
        self.selected.sigPositionChangeFinished.connect(self._on_dragged)
        c.addItem(self.selected)
        self.note = NoteStrip()  # under the legend, wrapped at its width
        self._wide: bool | None = None
        self._arrange(wide=True)
        self.summary = ""
        self.scene().sigMouseClicked.connect(self._on_clicked)
        self.x_hist = SteadyRange(hist.vb, "x", "linear")
        self.y_hist = SteadyRange(hist.vb, "y", "linear")
        self.x_curves = SteadyRange(c.vb, "x", "exact")
        self.y_curves = SteadyRange(c.vb, "y", "log")
        self._retranslate()
        follow_language(self, "_retranslate", self.plot_item)

    def _legend_names(self) -> list[tuple[object, str]]:
        """Each curve of ours and its legend entry, in the current language."""
        return [
            (self.sv_max, translate("SpectrumPlot", "largest s")),
            (self.sv_median, translate("SpectrumPlot", "median s")),
            (self.sv_min, translate("SpectrumPlot", "smallest s")),
            (self.rms_theory, translate("SpectrumPlot", "theory: √(χ⋯χ)")),
            (self.zeros, translate("SpectrumPlot", "smallest s = 0 exactly")),
        ]

    def _retranslate(self) -> None:
        """Every word of the panel in the current language (after a switch: at once)."""
        self.plot_item.setLabel("left", translate("SpectrumPlot", "singular values"))
        self.curves_item.setLabel(
            "bottom", translate("SpectrumPlot", "from layer t  (0 = the input)")
        )
        self.curves_item.setLabel("left", translate("SpectrumPlot", "singular value"))
        rename_legend(self.legend, self._legend_names(), self.theme.foreground)
        self.selected.setToolTip(
            translate("SpectrumPlot", "Drag (or click a t) to choose the product J_t on the left")
        )
        self.setToolTip(
            translate(
                "SpectrumPlot",
                "Singular values of J_t = ∂h^d/∂h^t: how much the product of the layers above "
                "h^t stretches each direction. Wide: some directions vanish or explode while "
                "others do not; one line at 1: an isometry.",
            )
        )
        if self.spectrum is None:
            self._set_title()
        elif not self.spectrum.measured:
            self.show_spectrum(self.spectrum)
        else:
            self._show_curves(self.spectrum)  # the format lines' labels
            self._show_histogram(self.spectrum)  # the title and the note

    @staticmethod
    def _line(plot: pg.PlotItem, angle: int, position: float, anchor) -> pg.InfiniteLine:
        """A reference line whose label sits beside it, inside the view."""
        line = pg.InfiniteLine(
            angle=angle,
            movable=False,
            label="",
            labelOpts={"position": position, "anchors": [anchor, anchor]},
        )
        line.setZValue(-10)
        line.hide()
        plot.addItem(line)
        return line

    # ----- layout -------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        # first: the layout is then sized to the view (a layout kept wider than its
        # minimum is clipped, not shrunk)
        if getattr(self, "_wide", None) is not None:  # pyqtgraph resizes while building
            self._arrange(wide=self.width() >= WIDE_RATIO * self.height())
        super().resizeEvent(event)

    def _arrange(self, wide: bool) -> None:
        """The two plots side by side, or (in a narrow cell) one above the other."""
        if wide == self._wide:
            return
        if self._wide is not None:
            for item in (self.curves_item, self.legend, self.note):
                self.ci.removeItem(item)
        else:
            self.ci.removeItem(self.legend)
        self._wide = wide
        row, col, span = (0, 1, 2) if wide else (1, 0, 1)
        self.ci.addItem(self.curves_item, row=row, col=col)
        self.ci.addItem(self.legend, row=row + 1, col=0, colspan=span)
        self.ci.addItem(self.note, row=row + 2, col=0, colspan=span)

    # ----- theme --------------------------------------------------------------------
    def apply_theme(self, theme) -> None:
        super().apply_theme(theme)
        style_plot_item(self.curves_item, theme)

    def _restyle(self, theme):
        self.bars.setPen(theme.pen(theme.measured, 1.5))
        fill = pg.mkColor(theme.measured)
        fill.setAlpha(100)
        self.bars.setBrush(pg.mkBrush(fill))
        self.law.setPen(theme.pen(theme.theory, 1.8, dashed=True))
        self.isometry.setPen(theme.pen(theme.theory, 1.8, dashed=True))
        style_series(self.sv_rms, theme, theme.measured, 2.5)
        self.sv_median.setPen(theme.pen(theme.mean, 1.8))
        self.sv_max.setPen(theme.pen(theme.weight, 1.8))
        smallest = theme.pen(theme.weight, 1.8)
        smallest.setStyle(QtCore.Qt.PenStyle.DotLine)
        self.sv_min.setPen(smallest)
        self.rms_theory.setPen(theme.pen(theme.theory, 1.8, dashed=True))
        band = pg.mkColor(theme.fp16_line)
        band.setAlpha(40)
        self.hist_band.setBrush(pg.mkBrush(band))
        for edge in self.hist_band.lines:
            edge.setPen(theme.pen(theme.fp16_line, 1.2, dashed=True))
        for line in self.curve_format:
            line.setPen(theme.pen(theme.fp16_line, 1.2, dashed=True))
            line.label.setColor(theme.fp16_line)
        self.selected.setPen(theme.pen(theme.selection, 1.5, dashed=True))
        self.zeros.setSymbolBrush(pg.mkBrush(theme.zero))
        self.zeros.setSymbolPen(theme.pen(theme.zero, 1.5))
        style_legend(self.legend, theme)
        self.ghosts.apply_theme(theme)
        self.note.set_colour(theme.foreground)
        if self.spectrum is not None:
            self._set_title()

    # ----- data ---------------------------------------------------------------------
    def show_frame(self, frame) -> None:  # fed spectra, not frames
        pass

    def show_spectrum(self, spectrum: Spectrum) -> None:
        self.spectrum = spectrum
        self.from_layer = min(self.from_layer, spectrum.depth - 1)
        if not spectrum.measured:
            for item in (self.law, self.sv_max, self.sv_median, self.sv_min, self.zeros):
                item.setData([], [])
            for item in (self.sv_rms, self.rms_theory):
                item.setData([], [])
            self.bars.setData([0.0, 1.0], [0])
            self.summary = localise(spectrum.note)
            self._set_title()
            self._show_note(self.summary)
            return
        self._show_curves(spectrum)
        self._show_histogram(spectrum)

    def mark_stale(self) -> None:
        """Say that what is drawn belongs to the settings before a change (the new
        spectrum follows within a spectrum's time, or after a sweep)."""
        if self.spectrum is not None:
            self._show_note(
                translate(
                    "SpectrumPlot", "⟳ drawn for the previous settings: measuring the new ones…"
                )
            )

    def set_from_layer(self, t: int) -> None:
        """Show J_t in the histogram (clamped to 0 … depth−1)."""
        t = max(0, int(t))  # before any spectrum: kept, and clamped when one comes
        if self.spectrum is not None:
            t = min(t, self.spectrum.depth - 1)
        changed = t != self.from_layer
        self.from_layer = t
        self.selected.setValue(t)
        if self.spectrum is not None and self.spectrum.measured:
            self._show_histogram(self.spectrum)
        if changed:
            self.fromLayerPicked.emit(t)

    def _show_curves(self, spectrum: Spectrum) -> None:
        logs = spectrum.log10_columns()
        every_t = np.arange(spectrum.depth, dtype=np.float64)
        measured = spectrum.measured_layers()  # while streaming: the curves' t, log-spaced
        t = every_t[measured]
        shown = {}
        for name, item in (
            ("sv_max", self.sv_max),
            ("sv_median", self.sv_median),
            ("sv_min", self.sv_min),
            ("sv_rms", self.sv_rms),
            ("sv_rms_theory", self.rms_theory),
        ):
            with np.errstate(over="ignore", under="ignore"):
                values = 10.0 ** logs[name]  # the plot takes values; pyqtgraph logs them
            if name != "sv_rms_theory":  # the theory is a formula: every t
                values = values[measured]
            shown[name] = values
            set_curve(item, every_t if name == "sv_rms_theory" else t, log_safe(values))
        finite = np.concatenate([log_safe(v) for v in shown.values()])
        finite = finite[np.isfinite(finite)]
        rng = (float(finite.min()), float(finite.max())) if finite.size else None
        low, high = marker_band(rng)
        at_zero = t[shown["sv_min"] == 0]
        self.zeros.setData(at_zero, np.full(at_zero.shape, low))
        ys = [math.log10(low), math.log10(high)] if rng is None else [*np.log10(rng)]
        ys += self.ghosts.span(self.curves_item)  # every pinned run stays in view
        if np.any(shown["sv_min"] == 0):
            ys.append(math.log10(low))
        limits = spectrum.format_range()
        names = (
            translate("SpectrumPlot", "{precision} smallest normal {value}"),
            translate("SpectrumPlot", "{precision} max {value}"),
        )
        for line, value, text in zip(self.curve_format, limits or (), names, strict=False):
            line.show()  # first: a hidden line's label ignores a new text
            line.setValue(math.log10(value))
            line.label.setFormat(
                text.format(precision=spectrum.config.precision, value=short(value))
            )
            ys.append(math.log10(value))
        if limits is None:
            for line in self.curve_format:
                line.hide()
        self.y_curves.show(min(ys), max(ys))
        self.x_curves.show(-0.5, max(spectrum.depth - 1, self.ghosts.last_x()) + 0.5)
        self.selected.setBounds((0, spectrum.depth - 1))
        self.selected.setValue(self.from_layer)

    def _show_histogram(self, spectrum: Spectrum) -> None:
        t = self.from_layer
        if spectrum.counts[t] == 0:  # a streaming spectrum of other t: the next has it
            self.bars.setData([0.0, 1.0], [0])
            self.law.setData([], [])
            self.isometry.hide()
            self.summary = translate(
                "SpectrumPlot", "J_{t} is measured in the next spectrum (this one has other t)"
            ).format(t=t)
            self._set_title()
            self._show_note(self.summary)
            return
        logs = spectrum.log10(t)
        zero = int(np.isneginf(logs).sum())
        good = logs[np.isfinite(logs)]
        if good.size:
            lo, hi = float(good.min()), float(good.max())
            if hi - lo < 1e-3:
                lo, hi = lo - 0.5, hi + 0.5
            counts, edges = np.histogram(good, bins=BINS, range=(lo, hi))
            self.bars.setData(edges, counts)
            top = float(counts.max())
        else:
            lo, hi, top = -1.0, 1.0, 1.0
            self.bars.setData([0.0, 1.0], [0])
        density = spectrum.law_density(t)
        exact = spectrum.isometry_log10(t)
        if density is not None:
            u, p = density
            width = (hi - lo) / BINS
            keep = u >= lo - 2 * width  # over the measured values, not the law's far tail
            self.law.setData(u[keep], p[keep] * logs.size * width)
            hi = max(hi, float(u.max()))
        else:
            self.law.setData([], [])
        self.isometry.setVisible(exact is not None)
        if exact is not None:
            self.isometry.setValue(exact)
        limits = spectrum.format_range()
        self.hist_band.setVisible(limits is not None)
        if limits is not None:
            self.hist_band.setRegion([math.log10(limits[0]), math.log10(limits[1])])
        self.x_hist.show(lo, hi)
        self.y_hist.show(0.0, top, floor=0.0)
        self._describe(spectrum, logs, zero)

    def _describe(self, spectrum: Spectrum, logs: np.ndarray, zero: int) -> None:
        t, n = self.from_layer, logs.size
        parts = []
        if zero:
            text = translate(
                "SpectrumPlot", "{percent}% exactly 0 (units switched off above h^{t})"
            )
            parts.append(text.format(percent=f"{100 * zero / n:.0f}", t=t))
        good = logs[np.isfinite(logs)]
        if good.size > 1:
            text = translate("SpectrumPlot", "largest ÷ smallest non-zero: 10^{decades}")
            parts.append(text.format(decades=f"{good.max() - good.min():.1f}"))
        law, _sigma, why = spectrum.law()
        if law == "isometry":
            parts.append(translate("SpectrumPlot", "theory: every s equal (orthogonal linear net)"))
        elif law == "fuss_catalan":
            text = translate(
                "SpectrumPlot", "theory: Fuss–Catalan law of {factors} Gaussian factors"
            )
            parts.append(text.format(factors=spectrum.depth - t))
        limits = spectrum.format_range()
        if limits is not None:
            frac = spectrum.log10_columns()["frac_outside_format"][t]
            text = translate(
                "SpectrumPlot",
                "{percent}% outside {precision}'s normal range [{low}, {high}] (shaded)",
            )
            parts.append(
                text.format(
                    percent=f"{100 * frac:.0f}",
                    precision=spectrum.config.precision,
                    low=short(limits[0]),
                    high=short(limits[1]),
                )
            )
        parts.append(translate("SpectrumPlot", "input #{index}").format(index=spectrum.input_index))
        self.summary = " · ".join(parts)
        self._set_title()
        lines = [self.summary]
        if why and law == "" and spectrum.config.activation == "identity":
            lines.append(localise(why))
        if spectrum.theory_note:
            lines.append(localise(spectrum.theory_note).split("\n")[0])
        self._show_note("\n".join(line for line in lines if line))

    def _set_title(self) -> None:
        t = self.from_layer
        what = "∂h^d/∂x" if t == 0 else f"∂h^d/∂h^{t}"
        colour = self.theme.foreground
        title = translate("SpectrumPlot", "singular values of J_{t} = {what}").format(
            t=t, what=what
        )
        self.plot_item.setTitle(title, color=colour, size="11pt")
        self.curves_item.setTitle(
            translate("SpectrumPlot", "J_t against t"), color=colour, size="11pt"
        )

    def note_text(self) -> str:
        return self.note.plain

    def _show_note(self, plain: str) -> None:
        if plain != self.note.plain:
            self.note.set_note(plain, self.theme.foreground)

    # ----- picking t ----------------------------------------------------------------
    def _on_dragged(self, line) -> None:
        self.set_from_layer(int(round(line.value())))

    def _on_clicked(self, event) -> None:
        vb = self.curves_item.vb
        if vb.sceneBoundingRect().contains(event.scenePos()):
            self.set_from_layer(int(round(vb.mapSceneToView(event.scenePos()).x())))
