"""Presentation mode (F11): the lesson for a room — full screen, the gradient and
activation plots large, big fonts, the few controls a lecturer changes in one bar, and a
tour through the lesson's scenarios (N / Shift+N) with the scenario's sentence in large
type. Esc or F11 leaves.

The view is a window of its own with its own two plots, fed the frames the main window
draws (`frameShown`); every control edits the main window's one state model, so both
windows always show the same configuration and leaving changes nothing.

A language switch while it shows changes its bar, the scenario's title and sentence, the
scenario list and the message at once, and enlarges the plots' new titles again.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6 import QtCore, QtGui, QtWidgets

from engine.presets import load_presets
from engine.settings_table import BY_NAME

from .activation_plot import ActivationPlot
from .gradient_plot import GradientPlot
from .hover import install_hovers
from .language import live, localise, on_change, translate
from .plot_fit import PlotFit
from .presentation_bar import PresentationBar, step_preset
from .setting_widgets import localise_choices, select
from .training_plot import TrainingPlot
from .widgets import blocked
from .window_theme import set_tone

PLOT_PT = 15  # axis labels; ticks 2 pt smaller, titles 4 pt larger
TEXT_PT = 17  # the scenario's sentence
SIDE_BY_SIDE_PX = 1000  # narrower screens show the gradient plot alone (each needs ~430)


def keys_text() -> str:
    """What the keys do, in the current language."""
    return translate(
        "Presentation",
        "N / Shift+N: next / previous scenario · Space: run / pause · Esc or F11: leave",
    )


def enlarge(plot_items, legend, pt: int, theme) -> None:
    """Titles, axis labels, ticks and the legend of one plot widget at `pt` points."""
    tick_font = QtGui.QFont()
    tick_font.setPointSize(pt - 2)
    for item in plot_items:
        if item.titleLabel.text:
            item.setTitle(item.titleLabel.text, color=theme.foreground, size=f"{pt + 4}pt")
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setStyle(tickFont=tick_font)
            axis.labelStyle = {"color": theme.foreground, "font-size": f"{pt}pt"}
            if axis.labelText:
                axis.setLabel(axis.labelText, units=axis.labelUnits, **axis.labelStyle)
    if legend is not None:
        legend.opts["labelTextSize"] = f"{pt - 2}pt"
        for _sample, label in legend.items:
            label.setText(label.text, color=theme.foreground, size=f"{pt - 2}pt")


class PresentationView(PresentationBar, QtWidgets.QWidget):
    """The full-screen view of one main window; `left` says when it was closed."""

    left = QtCore.Signal()

    def __init__(self, window):
        super().__init__(window, QtCore.Qt.WindowType.Window)  # a window the lab owns
        self.setObjectName("presentationView")
        live(
            self,
            "setWindowTitle",
            lambda: translate("Presentation", "Stability Lab — presentation"),
        )
        self.window_ = window
        self.state = window.state
        self.gradient_plot = GradientPlot()
        self.gradient_plot.setObjectName("presentationGradientPlot")
        self.activation_plot = ActivationPlot()
        self.activation_plot.setObjectName("presentationActivationPlot")
        self.hovers = install_hovers(
            self.gradient_plot, self.activation_plot, lambda: window.last_frame
        )
        # a training scenario's sentence speaks of its loss curve: shown instead
        self.training_plot = TrainingPlot()
        self.training_plot.setObjectName("presentationTrainingPlot")
        self.training_plot.hide()
        self._width = SIDE_BY_SIDE_PX
        self.plot_fit = PlotFit(
            self, [self.gradient_plot, self.activation_plot, self.training_plot]
        )
        for plot in (self.gradient_plot, self.activation_plot):
            plot.selected.hide()  # the histogram's layer: no histogram here
            plot.legend.removeItem(plot.selected)
        plots = QtWidgets.QHBoxLayout()
        plots.addWidget(self.gradient_plot, 1)
        plots.addWidget(self.activation_plot, 1)
        plots.addWidget(self.training_plot, 1)
        self.title = QtWidgets.QLabel("", objectName="presentationTitle")
        self.text = QtWidgets.QLabel("", objectName="presentationText", wordWrap=True)
        self.title.setWordWrap(True)
        for label, pt, bold in ((self.title, TEXT_PT + 3, True), (self.text, TEXT_PT, False)):
            font = label.font()
            font.setPointSize(pt)
            font.setBold(bold)
            label.setFont(font)
            label.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.text.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop)
        self._said: str | Callable[[], str] = ""  # the message, or a function saying it
        self.message = QtWidgets.QLabel("", objectName="presentationMessage")
        set_tone(self.message, "error")  # readable on the dark theme too
        self.message.setWordWrap(True)
        font = self.message.font()
        font.setPointSize(TEXT_PT - 2)  # a divergence's pause, read from the back row
        self.message.setFont(font)
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(10, 6, 10, 8)
        outer.addLayout(self._bar())
        outer.addWidget(self.message)
        outer.addLayout(plots, 1)
        outer.addWidget(self.title)
        outer.addWidget(self.text)
        self._shortcuts()
        self.state.configChanged.connect(self._on_config_changed)
        window.frameShown.connect(self._on_frame)
        window.errorShown.connect(
            self._say_as_window
        )  # a divergence's pause, as the banner says it
        self.state.displayChanged.connect(self._on_display_changed)  # Ctrl+D meanwhile
        window.controls.presetApplied.connect(lambda _name: self._show_scenario())
        window.controls.run_button.toggled.connect(self._show_running)
        self.apply_theme(window.theme)
        self._show_config()
        on_change(self, self._language_changed)
        window.installEventFilter(self)  # the lab closing closes this view too

    # ----- building ---------------------------------------------------------------
    def arrange(self, width: int) -> None:
        """One row of controls where `width` allows, else two; both plots side by side
        from `SIDE_BY_SIDE_PX` up, else the gradient plot alone (two stacked plots on a
        small screen left each a strip too thin to read)."""
        bar = sum(g.minimumSizeHint().width() for g in self.bar_groups)
        bar += self.leave_button.sizeHint().width() + 30
        direction = QtWidgets.QBoxLayout.Direction
        wanted = direction.LeftToRight if width >= bar else direction.TopToBottom
        if self.bar.direction() != wanted:
            self.bar.setDirection(wanted)
        self._width = width
        self._show_plots()

    def _show_plots(self) -> None:
        """Beside the gradient plot: the training plot for a training config, else the
        activation plot (none on a narrow screen)."""
        wide = self._width >= SIDE_BY_SIDE_PX
        train = self.state.config.mode == "train"
        self.activation_plot.setVisible(wide and not train)
        self.training_plot.setVisible(wide and train)

    def _shortcuts(self) -> None:
        keys = (
            ("N", lambda: step_preset(self.window_, 1)),
            ("Shift+N", lambda: step_preset(self.window_, -1)),
            ("Space", self.window_.toggle_running),
            ("Esc", self.close),
            ("F11", self.close),
        )
        self.shortcuts = []
        for key, run in keys:
            shortcut = QtGui.QShortcut(QtGui.QKeySequence(key), self)
            shortcut.activated.connect(run)
            self.shortcuts.append(shortcut)

    # ----- model → view ------------------------------------------------------------
    def apply_theme(self, theme) -> None:
        self.theme = theme
        self.gradient_plot.apply_theme(theme)
        self.activation_plot.apply_theme(theme)
        enlarge([self.gradient_plot.plot_item], self.gradient_plot.legend, PLOT_PT, theme)
        label_font = QtGui.QFont()
        label_font.setPointSize(PLOT_PT - 4)
        for line in (*self.gradient_plot.fp16_lines, self.gradient_plot.subnormal_line):
            line.label.setFont(label_font)
        activation = self.activation_plot
        enlarge([activation.var_plot, activation.mean_plot], activation.legend, PLOT_PT, theme)
        training = self.training_plot
        training.apply_theme(theme)
        enlarge([training.loss_plot, training.ratio_plot], None, PLOT_PT, theme)
        training.message.set_point_size(PLOT_PT - 3)
        self.gradient_plot.note.set_point_size(PLOT_PT - 3)  # the fitted factor, readable
        self.setStyleSheet(f"#presentationView {{ background: {theme.background}; }}")
        for label in (self.title, self.text):
            label.setStyleSheet(f"color: {theme.foreground};")

    def _on_display_changed(self, key: str, _value) -> None:
        if key == "theme":
            self.apply_theme(self.window_.theme)
            if self.window_.last_frame is not None:
                self._on_frame(self.window_.last_frame)

    def _on_config_changed(self, _config, _changed) -> None:
        self._say("")  # the window's banner hides on a change too
        self._show_config()
        self._show_plots()

    def _show_config(self) -> None:
        config = self.state.config
        combo = self.combos["activation"]
        widgets = [self.depth_field, self.fp16_check, self.preset_combo, *self.combos.values()]
        with blocked(*widgets):
            self.depth_field.setValue(config.depth)
            if combo.findData(config.activation) < 0:  # a formula typed in the main window
                combo.addItem(f"f(x) = {config.activation}", config.activation)
            for name, box in self.combos.items():
                select(box, getattr(config, name))
            self.fp16_check.setChecked(config.precision == "fp16")
        self._show_scenario()
        self._show_running(self.window_.controls.run_button.isChecked())

    def _show_scenario(self) -> None:
        """The chosen scenario's title and sentence, else what runs."""
        name = self.window_.controls.preset_combo.currentData()
        preset = load_presets().get(name) if name else None
        with blocked(self.preset_combo):
            self.preset_combo.setCurrentIndex(max(0, self.preset_combo.findData(name or "")))
        if preset is None:
            self.title.setText(html.escape(localise(self.state.config.label())))
            self.text.setText(html.escape(keys_text()))
        else:
            self.title.setText(html.escape(localise(preset.title)))
            self.text.setText(html.escape(localise(preset.see)))

    def _language_changed(self) -> None:
        """After a switch: every text the view built from its state, in the new language;
        the plots' new titles enlarged again; the bar re-arranged for its new widths."""
        self._name_presets()
        for name, combo in self.combos.items():
            with blocked(combo):
                localise_choices(combo, BY_NAME[name])
        self._show_scenario()
        self._show_running(self.window_.controls.run_button.isChecked())
        self._show_said()
        self.apply_theme(self.window_.theme)
        if self.isVisible():
            if self.window_.last_frame is not None:
                self._on_frame(self.window_.last_frame)
            self.arrange(self._width)

    def _on_frame(self, frame) -> None:
        if self.isVisible():
            self.gradient_plot.show_frame(frame)
            if self.activation_plot.isVisible():
                self.activation_plot.show_frame(frame)
            if self.training_plot.isVisible():
                self.training_plot.show_frame(frame)

    # ----- view → model ------------------------------------------------------------
    def _say(self, message: str | Callable[[], str]) -> None:
        """Show `message` (a marked engine message is translated; a function gives the
        message in the current language, again after a switch); "" hides it."""
        self._said = message
        self._show_said()

    def _show_said(self) -> None:
        said = self._said() if callable(self._said) else localise(self._said)
        self.message.setText(f"⚠ {said}" if said else "")

    def _say_as_window(self, text: str) -> None:
        """The banner's message: after a switch, the window's own words in the new
        language (its marked message), else the text it showed."""
        self._say(lambda: localise(getattr(self.window_, "_error", "") or text))

    # ----- entering and leaving ----------------------------------------------------
    def enter(self) -> None:
        self.apply_theme(self.window_.theme)
        self._show_config()
        banner = self.window_.banner
        if banner.isHidden():
            self._say("")
        else:
            self._say_as_window(banner.text().removeprefix("⚠ "))
        if self.window_.last_frame is not None:
            self.gradient_plot.show_frame(self.window_.last_frame)
            self.activation_plot.show_frame(self.window_.last_frame)
        self.training_plot.copy_from(self.window_.training_plot)  # the loss so far
        screen = self.window_.screen()
        if screen is not None:
            if self.screen() is not screen:
                self.setScreen(screen)  # full screen where the lab is: the projector's
            self.arrange(screen.geometry().width())
            self.setGeometry(screen.geometry())  # the size, even without a window manager
        self.showFullScreen()
        self.raise_()
        self.activateWindow()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if obj is self.window_ and event.type() == QtCore.QEvent.Type.Close:
            self.close()
        return False

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        super().closeEvent(event)
        self.left.emit()
        self.window_.activateWindow()


def toggle_presentation(window) -> None:
    """View → Presentation mode (F11): enter, or leave when it shows."""
    view = getattr(window, "presentation", None)
    if view is not None and view.isVisible():
        view.close()
        return
    if view is None:
        window.presentation = view = PresentationView(window)
    view.enter()
