"""Training view: the loss curve and each layer's update:data ratio.

The ratio log10(std(lr·∇W)/std(W)) shows which layers learn: around −3 is healthy,
far below means the layer barely moves (vanishing), far above means it is thrown about.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from engine.words import QT_TRANSLATE_NOOP, message

from .axis_ticks import ReadableLogTicks
from .language import localise, translate
from .note_strip import KeepApart, NoteStrip
from .plot_base import follow_language, layer_axis_text, log_safe, set_curve, set_line_label
from .theme import LIGHT, style_plot_item

LOSS_HISTORY = 2000
FEW_POINTS = 30  # below this many finite losses the curve marks each one
PROBE_MODE = QT_TRANSLATE_NOOP(
    "TrainingPlot", "probe mode: nothing is trained (Mode: train on a task)"
)
DIVERGED = QT_TRANSLATE_NOOP("TrainingPlot", "diverged at step {step}: loss = {loss}")
DIVERGED_KEPT = QT_TRANSLATE_NOOP(
    "TrainingPlot",
    "diverged at step {step}: loss = {loss}; update : data ratio of step {kept}, the last "
    "finite one",
)


class TrainingPlot(pg.GraphicsLayoutWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("trainingPlot")
        self.loss_plot: pg.PlotItem = self.addPlot(row=0, col=0)
        self.ratio_plot: pg.PlotItem = self.addPlot(row=1, col=0)
        lp, rp = self.loss_plot, self.ratio_plot
        lp.setLogMode(x=False, y=True)
        self.loss_ticks = ReadableLogTicks(lp, self)  # as many labels as the height holds
        rp.setLabel("left", "log₁₀ Δw : w")  # short: it fits a small plot's height
        self.loss = lp.plot([], [], connect="finite")
        self.ratio = rp.plot([], [], symbol="o", symbolSize=5, connect="finite")
        # the label starts at the view's left edge (centred on it, it lost "he")
        self.reference = pg.InfiniteLine(
            pos=-3,
            angle=0,
            movable=False,
            label=" ",  # its words: retranslate
            labelOpts={"position": 0.01, "anchors": [(0, 1), (0, 0)]},
        )
        rp.addItem(self.reference)
        self.reference_label = KeepApart(rp.vb, [self.reference.label], self)  # whole or none
        # what happened (diverged, nothing trained) in a strip under the plots, not over
        # the loss curve
        self.message = NoteStrip()
        self.ci.addItem(self.message, row=2, col=0)
        self._steps = np.zeros(0)
        self._losses = np.zeros(0)
        self._run = None
        self._ratio_step: int | None = None  # the step whose ratios the plot shows
        self._note = ""  # what the strip says, as the engine's words (a Message)
        self.retranslate()
        follow_language(self)
        self.apply_theme(LIGHT)

    def retranslate(self) -> None:
        """Titles, axes, the reference line and the note in the current language."""
        lp, rp = self.loss_plot, self.ratio_plot
        lp.setTitle(translate("TrainingPlot", "Training loss"))
        lp.setLabel("bottom", translate("TrainingPlot", "step"))
        lp.setLabel("left", translate("TrainingPlot", "loss"))
        rp.setTitle(translate("TrainingPlot", "Update : data ratio per layer"))
        rp.setLabel("bottom", layer_axis_text())
        set_line_label(self.reference.label, translate("TrainingPlot", "healthy ≈ −3"))
        self.reference_label.arrange_soon()
        self.setToolTip(
            translate(
                "TrainingPlot",
                "Switch Mode to 'train on a task' to train the network and see which layers learn.",
            )
        )
        self._say(self._note)

    def apply_theme(self, theme) -> None:
        self.theme = theme
        self.setBackground(theme.background)
        for p in (self.loss_plot, self.ratio_plot):
            style_plot_item(p, theme)
        self.loss.setPen(theme.pen(theme.measured, 2))
        self.loss.setSymbolBrush(pg.mkBrush(theme.measured))
        self.loss.setSymbolPen(pg.mkPen(theme.measured))
        self.loss.setSymbolSize(6)
        self.ratio.setPen(theme.pen(theme.weight, 2))
        self.ratio.setSymbolBrush(pg.mkBrush(theme.weight))
        self.reference.setPen(theme.pen(theme.theory, 1.2, dashed=True))
        self.reference.label.setColor(theme.foreground)
        self.message.set_colour(theme.inf)

    def show_frame(self, frame) -> None:
        if frame.config.mode != "train":
            self._say(PROBE_MODE)
            self.ratio.setData([], [])
            return
        if frame.run_id != self._run:
            self._run = frame.run_id
            self._steps, self._losses = np.zeros(0), np.zeros(0)
            self._ratio_step = None
        self._steps = np.append(self._steps, frame.step)[-LOSS_HISTORY:]
        self._losses = np.append(self._losses, frame.loss)[-LOSS_HISTORY:]
        set_curve(self.loss, self._steps, log_safe(self._losses))
        finite = np.isfinite(log_safe(self._losses)).sum()
        self.loss.setSymbol("o" if finite < FEW_POINTS else None)  # a lone point shows
        ratio = np.asarray(frame["update_ratio"], dtype=np.float64)
        note = (
            message(DIVERGED, step=str(frame.step), loss=str(frame.loss)) if frame.diverged else ""
        )
        if np.isfinite(ratio).any() or not frame.diverged:
            set_curve(self.ratio, frame["layer"], np.where(np.isfinite(ratio), ratio, np.nan))
            self._ratio_step = frame.step
        elif self._ratio_step is not None:  # keep the last measured ratios, and say so
            note = message(
                DIVERGED_KEPT,
                step=str(frame.step),
                loss=str(frame.loss),
                kept=str(self._ratio_step),
            )
        self._say(note)

    def _say(self, text: str) -> None:
        """Show the engine's words `text` (a Message or Text) in the current language."""
        self._note = text
        shown = localise(text)
        if shown != self.message.plain:
            self.message.set_note(shown)

    def note_text(self) -> str:
        """What the strip under the plots says."""
        return self.message.plain

    def history(self) -> tuple[np.ndarray, np.ndarray]:
        return self._steps.copy(), self._losses.copy()

    def copy_from(self, other: TrainingPlot) -> None:
        """Show what `other` shows, its loss history included (presentation mode enters
        a run already under way)."""
        self._steps, self._losses = other.history()
        self._run, self._ratio_step = other._run, other._ratio_step
        set_curve(self.loss, self._steps, log_safe(self._losses))
        self.loss.setSymbol(other.loss.opts["symbol"])
        x, y = other.ratio.getData()
        set_curve(self.ratio, [] if x is None else x, [] if y is None else y)
        self._say(other._note)
