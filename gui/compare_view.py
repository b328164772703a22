"""The A | B view: two runs side by side — the live one and a pinned one, or two pins —
each with its gradient and activation plots, on locked axes.

Each side is drawn by the window's own plot classes, so a side shows what the main plots
would (theory, fault markers, the per-layer factor); a pinned side is drawn from the
pin's columns as a `Frame`. The two sides' views are linked (pan or zoom one, the other
follows), and each axis shows the union of what both sides need, so equal heights mean
equal values. The view follows the window's frames while a side is live.
"""

from __future__ import annotations

import html

from PySide6 import QtCore, QtWidgets

from engine.frame import Frame

from .activation_plot import ActivationPlot
from .gradient_plot import GradientPlot
from .language import live, localise, on_change, translate
from .pins import MESSAGE_MS
from .theme import THEMES, pin_colour

LIVE = 0  # the combo's data for the live run; pins have keys ≥ 1


class CompareSide(QtWidgets.QWidget):
    """One column: a title, the gradient plot and the activation plot."""

    def __init__(self, name: str, parent=None):
        super().__init__(parent)
        self.name = name
        self.title = QtWidgets.QLabel("", objectName=f"compareTitle{name}", wordWrap=True)
        self.title.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.gradient = GradientPlot()
        self.gradient.setObjectName(f"compareGradient{name}")
        self.activation = ActivationPlot()
        self.activation.setObjectName(f"compareActivation{name}")
        for plot in (self.gradient, self.activation):
            drop_selected_line(plot)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.gradient, 3)
        layout.addWidget(self.activation, 2)
        self.choice = LIVE

    def show_frame(self, frame) -> None:
        self.gradient.show_frame(frame)
        self.activation.show_frame(frame)

    def ranges(self):
        g, a = self.gradient, self.activation
        return (g.x_range, g.y_range, a.x_range, a.var_range, a.mean_range)


class CompareView(QtWidgets.QDialog):
    def __init__(self, window):
        super().__init__(window, objectName="compareView")
        self.window_ = window
        live(self, "setWindowTitle", lambda: translate("CompareView", "Side by side (A | B)"))
        self.resize(1400, 860)
        self.a_combo = QtWidgets.QComboBox(objectName="compareACombo")
        self.b_combo = QtWidgets.QComboBox(objectName="compareBCombo")
        for combo, side in ((self.a_combo, "A"), (self.b_combo, "B")):
            live(
                combo,
                "setToolTip",
                lambda side=side: translate(
                    "CompareView", "What side {side} shows: the live run or one of the pins"
                ).format(side=side),
            )
            combo.setSizeAdjustPolicy(QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.activated.connect(lambda _i: self._on_chosen())
        swap = QtWidgets.QPushButton(objectName="compareSwap")
        live(swap, "setText", lambda: translate("CompareView", "⇄ Swap"))
        live(swap, "setToolTip", lambda: translate("CompareView", "Exchange sides A and B"))
        swap.clicked.connect(self.swap)
        bar = QtWidgets.QHBoxLayout()
        for widget in (QtWidgets.QLabel("A:"), self.a_combo, swap, QtWidgets.QLabel("B:")):
            bar.addWidget(widget)
        bar.addWidget(self.b_combo)
        bar.addStretch(1)
        note = QtWidgets.QLabel()
        live(
            note,
            "setText",
            lambda: translate(
                "CompareView", "Axes locked: pan or zoom one side and the other follows."
            ),
        )
        bar.addWidget(note)
        self.sides = (CompareSide("A"), CompareSide("B"))
        columns = QtWidgets.QHBoxLayout()
        for side in self.sides:
            columns.addWidget(side, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(columns, 1)
        self._link()
        window.pins.changed.connect(self._on_pins_changed)
        window.frameShown.connect(self._on_frame)
        window.state.displayChanged.connect(self._on_display_changed)
        on_change(self, self._on_pins_changed)  # the combos' and titles' words
        self.apply_theme(window.theme)

    # ----- locked axes --------------------------------------------------------------
    def _link(self) -> None:
        """Pan or zoom on either side and the other side's same axis follows. Not
        pyqtgraph's view links: they line views up by screen position, so two views
        of different heights (one legend has a fault marker more) showed different
        ranges."""
        self.pairs = list(zip(self.sides[0].ranges(), self.sides[1].ranges(), strict=True))
        for ra, rb in self.pairs:
            for ours, theirs in ((ra, rb), (rb, ra)):
                ours.viewbox.sigRangeChangedManually.connect(
                    lambda mask, o=ours, t=theirs: self._follow(o, t, mask)
                )

    def _follow(self, moved, other, mask) -> None:
        if not mask[moved.index]:
            return
        other.manual = True  # the user took this axis over on both sides
        self._set(other, moved.viewbox.viewRange()[moved.index])

    @staticmethod
    def _set(steady, span) -> None:
        view = steady.viewbox
        current = view.viewRange()[steady.index]
        if abs(current[0] - span[0]) < 1e-9 and abs(current[1] - span[1]) < 1e-9:
            return
        if steady.index == 0:
            view.setXRange(*span, padding=0)
        else:
            view.setYRange(*span, padding=0)

    def lock(self) -> None:
        """Each pair of axes shows the union of the ranges both sides ask for (unless
        a user has panned or zoomed it)."""
        for ra, rb in self.pairs:
            if ra.manual or rb.manual:
                continue
            wanted = [r.range for r in (ra, rb) if r.range is not None]
            if wanted:
                span = (min(w[0] for w in wanted), max(w[1] for w in wanted))
                self._set(ra, span)
                self._set(rb, span)

    # ----- choices ------------------------------------------------------------------
    def choose(self, a: int, b: int) -> None:
        """Show `a` on the left and `b` on the right (LIVE or a pin's key)."""
        self.sides[0].choice, self.sides[1].choice = a, b
        self._fill_combos()
        self.redraw()

    def swap(self) -> None:
        self.choose(self.sides[1].choice, self.sides[0].choice)

    def _on_chosen(self) -> None:
        self.choose(self.a_combo.currentData(), self.b_combo.currentData())

    def _fill_combos(self) -> None:
        pins = self.window_.pins.pins
        keys = {pin.key for pin in pins}
        for side in self.sides:
            if side.choice != LIVE and side.choice not in keys:
                side.choice = LIVE  # its pin was removed
        for combo, side in zip((self.a_combo, self.b_combo), self.sides, strict=True):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(translate("CompareView", "Live run"), LIVE)
            for pin in pins:
                combo.addItem(
                    translate("CompareView", "Pin: {label}").format(label=pin.label), pin.key
                )
            combo.setCurrentIndex(max(0, combo.findData(side.choice)))
            combo.blockSignals(False)

    def _on_pins_changed(self) -> None:
        self._fill_combos()
        self.redraw()

    # ----- drawing ------------------------------------------------------------------
    def redraw(self) -> None:
        for side in self.sides:
            self._draw_side(side)
        self.lock()

    def _draw_side(self, side: CompareSide) -> None:
        theme = self.window_.theme
        if side.choice == LIVE:
            frame = self.window_.last_frame
            colour, what = theme.foreground, translate("CompareView", "live")
            label = (
                localise(frame.config.label())
                if frame is not None
                else translate("CompareView", "waiting for the first frame")
            )
        else:
            pin = self.window_.pins.get(side.choice)
            frame = pin_as_frame(pin.run)
            colour, what = pin_colour(theme, pin.slot), translate("CompareView", "pinned")
            label = pin.label
        head = _heading(side.name, what)
        side.title.setText(f"<b style='color:{colour}'>{head}</b> {html.escape(label)}")
        if frame is not None:
            side.show_frame(frame)

    def _on_frame(self, frame) -> None:
        live = [side for side in self.sides if side.choice == LIVE]
        if not live or not self.isVisible():
            return
        for side in live:
            side.show_frame(frame)
            what, label = translate("CompareView", "live"), localise(frame.config.label())
            side.title.setText(f"<b>{_heading(side.name, what)}</b> {html.escape(label)}")
        self.lock()

    def apply_theme(self, theme) -> None:
        for side in self.sides:
            side.gradient.apply_theme(theme)
            side.activation.apply_theme(theme)
        self.redraw()

    def _on_display_changed(self, key: str, value) -> None:
        if key == "theme":
            self.apply_theme(THEMES.get(value, self.window_.theme))


def _heading(side: str, what: str) -> str:
    """'A · live:' (in Chinese with a full-width colon)."""
    return html.escape(translate("CompareView", "{side} · {what}:").format(side=side, what=what))


def drop_selected_line(plot) -> None:
    """No "layer shown in the histogram" line (nor its legend entry): a plot without the
    window's histogram beside it has none."""
    plot.selected.hide()
    if plot.legend is not None:
        plot.legend.removeItem(plot.selected)


def pin_as_frame(run) -> Frame:
    """A pinned run as the `Frame` the plots draw (the columns it kept)."""
    return Frame(
        run_id=0,
        step=run.step,
        config=run.config,
        device="pinned",
        columns=run.frame_columns(),
        theory_note=run.theory_note,
    )


def show_compare_view(window) -> CompareView | None:
    """Open (or bring forward) the A | B view: A live, B the newest pin."""
    pins = window.pins.pins
    if not pins:
        window.statusBar().showMessage(
            translate(
                "CompareView",
                "Pin a run first (P): the A | B view puts the live run beside a pinned one",
            ),
            MESSAGE_MS,
        )
        return None
    view = getattr(window, "compare_view", None)
    if view is None:
        view = window.compare_view = CompareView(window)
    view.choose(LIVE, pins[-1].key)
    view.show()
    view.raise_()
    view.activateWindow()
    return view
