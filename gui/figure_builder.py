"""Figures without a window: the window's own plot widgets, fed by a synchronous probe.

The command line must draw exactly what the window draws, so it builds the same widgets
and feeds every probe step to their `show_frame` (the heatmap keeps its history), but
runs the probe in the calling thread: a one-shot render needs no engine thread.
"""

from __future__ import annotations

import contextlib
import os
import sys

from PySide6 import QtCore, QtWidgets

from engine import LabConfig
from engine.figures import PLOTS

from .activation_plot import ActivationPlot
from .compare_view import drop_selected_line
from .dashboard import MARGIN, dashboard_grid, still_plots
from .gradient_plot import GradientPlot
from .heatmap_plot import HeatmapPlot
from .histogram_plot import HistogramPlot
from .spectrum_plot import SpectrumPlot
from .taylor_panel import TaylorPanel
from .theme import LIGHT
from .training_plot import TrainingPlot

PLOT_CLASSES = {
    "gradient": GradientPlot,
    "activation": ActivationPlot,
    "heatmap": HeatmapPlot,
    "histogram": HistogramPlot,
    "spectrum": SpectrumPlot,
    "training": TrainingPlot,
}
# Logical sizes: a single plot at a slide's 16:10, the dashboard like a full window.
SIZES = {"dashboard": (1600, 1000), "taylor": (900, 720)}
SINGLE_SIZE = (1000, 640)


def ensure_app() -> QtWidgets.QApplication:
    """The running QApplication, or a new one (offscreen when there is no display)."""
    app = QtWidgets.QApplication.instance()
    if app is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QtWidgets.QApplication(["stability-lab"])
        QtCore.qInstallMessageHandler(_quiet_qt_messages)
        from .fonts import use_cjk_fallbacks

        use_cjk_fallbacks(app)  # Chinese text draws with a CJK font (a running app keeps its own)
    return app


def _quiet_qt_messages(mode, context, message: str) -> None:
    """Qt's own messages on stderr, minus the offscreen plugin's harmless chatter."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


class Dashboard(QtWidgets.QWidget):
    """The window's central plots (gui/dashboard.py's layout) without the tabs, buttons
    and docks: one plot per cell, the one a still figure of `config` shows."""

    def __init__(self, config: LabConfig):
        super().__init__(objectName="dashboard")
        self.plots = {name: PLOT_CLASSES[name]() for name in still_plots(config.mode)}
        grid, _tabs = dashboard_grid(self.plots)
        grid.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        self.setLayout(grid)


def build_widget(name: str, config: LabConfig) -> tuple[QtWidgets.QWidget, list]:
    """The widget for plot `name` and the plots inside it that take frames."""
    if name not in PLOTS:
        raise ValueError(f"unknown plot {name!r} (allowed: {', '.join(PLOTS)})")
    if name == "dashboard":
        widget = Dashboard(config)
        fed = list(widget.plots.values())
    elif name == "taylor":
        widget, fed = TaylorPanel(config.activation), []
    else:
        widget = PLOT_CLASSES[name]()
        fed = [widget]
        if hasattr(widget, "selected"):  # the histogram's layer: no histogram beside it
            drop_selected_line(widget)
    for plot in fed:
        plot.apply_theme(LIGHT)
    widget.resize(*SIZES.get(name, SINGLE_SIZE))
    return widget, fed


def settle(widget: QtWidgets.QWidget) -> None:
    """Lay out and paint once off screen, so axes have sized themselves to their labels
    before the real rendering."""
    widget.setAttribute(QtCore.Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    widget.show()
    for _ in range(2):
        QtWidgets.QApplication.processEvents()
        widget.grab()
    QtWidgets.QApplication.processEvents()


@contextlib.contextmanager
def offscreen_figure(config: LabConfig, name: str = "gradient", steps: int = 20):
    """Yield (widget, frames) after `steps` probe steps; the widget is deleted after."""
    ensure_app()
    widget, fed = build_widget(name, config)
    try:
        from engine import Probe  # torch loads with the first export, not the window

        probe = Probe(config, exact_counts=True)  # same numbers as `probe --csv`
        frames = []
        for _ in range(steps):
            frame = probe.step()
            frames.append(frame)
            for plot in fed:
                plot.show_frame(frame)
        spectral = [plot for plot in fed if isinstance(plot, SpectrumPlot)]
        if spectral:  # of the network as it stands after the steps, input 0
            from engine.jacobian import measure_spectrum

            spectrum = measure_spectrum(config, probe.weights, probe.biases)
            for plot in spectral:
                plot.show_spectrum(spectrum)
        settle(widget)
        yield widget, frames
    finally:
        widget.hide()
        widget.deleteLater()
        QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
