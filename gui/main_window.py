"""The lab window: controls on the left, live plots in the middle, Taylor panel beside.

The window owns one `LabConfig` and one `EngineRunner`. Every control change replaces
the config and restarts the run; when the engine's news arrives (`FramePacer`) the
window pulls the newest frame of the current run (older runs' frames are dropped), at
most at the display's rate and a new config's first frame at once, draws it with
`setData` on items created once, and emits `frameShown(frame)`.
"""

from __future__ import annotations

import gc

from PySide6 import QtCore, QtGui, QtWidgets

from engine import LabConfig
from engine.presets import load_presets

from . import settings
from .activation_plot import ActivationPlot
from .animation_dialog import stop_animation
from .controls import ControlPanel
from .dashboard import dashboard_grid
from .engine_runner import EngineRunner
from .frame_pacer import FramePacer, display_hz
from .gradient_plot import GradientPlot
from .heatmap_plot import HeatmapPlot
from .histogram_plot import HistogramPlot
from .hover import install_hovers
from .language import live, localise, translate
from .menus import build_menus, export_figure
from .paint_cache import cache_still_items
from .pins import install_pins
from .plot_fit import PlotFit, narrow_combos, shrinkable
from .plot_menus import install_plot_menu
from .spectrum_plot import SpectrumPlot
from .state import LabState
from .status_bar import LabStatusBar
from .sweep_panel import SweepPanel
from .taylor_panel import TaylorPanel
from .taylor_source import EngineTaylorSource
from .theme import THEMES
from .training_plot import TrainingPlot
from .window_theme import apply_window_theme, set_tone

_frozen = False


class GuiThreadCollector(QtCore.QObject):
    """Python's cyclic garbage collection, run in the GUI thread only, while a window lives.

    Left automatic, a collection runs in whichever thread happens to allocate, often the
    thread that receives engine frames (or, in tests, the engine thread itself), and
    may destroy PySide objects there; a QObject destroyed off the GUI thread wants the
    GIL in its destructor while the GUI thread holds the GIL and waits for Qt's lock: a
    deadlock, seen in tests/gui/test_main_window.py once collections got more frequent.
    (pyqtgraph's GarbageCollector exists for the same reason.) The timer collects the
    generations the automatic thresholds would have.
    """

    _live = 0

    def __init__(self, parent: QtCore.QObject, interval_ms: int = 100):
        super().__init__(parent)
        if GuiThreadCollector._live == 0:
            gc.disable()
        GuiThreadCollector._live += 1
        self.thresholds = gc.get_threshold()
        self.timer = QtCore.QTimer(self)
        self.timer.timeout.connect(self.collect)
        self.timer.start(interval_ms)

    @QtCore.Slot()
    def collect(self) -> None:
        counts = gc.get_count()
        generation = -1
        for g in range(3):
            if counts[g] <= self.thresholds[g]:
                break
            generation = g
        if generation >= 0:
            gc.collect(generation)

    def release(self) -> None:
        """Stop; when no window is left, collect here (in the GUI thread) what is still
        pending and hand collection back to Python."""
        if self.timer.isActive():
            self.timer.stop()
            GuiThreadCollector._live -= 1
            if GuiThreadCollector._live == 0:
                gc.collect()
                gc.enable()


def freeze_startup_objects() -> None:
    """Once per process, move every object alive now (Qt wrappers, sympy's caches,
    torch's modules: ~270k) out of the cyclic garbage collector's reach.

    Otherwise every full collection walks them all while holding the GIL: at depth 500
    one froze the window for ~140 ms (benchmarks/, 'smoothness'); frozen, the 10 ms timer
    was never more than ~26 ms late.
    """
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()


class MainWindow(QtWidgets.QMainWindow):
    frameShown = QtCore.Signal(object)  # the Frame just drawn; frame.config is its config
    spectrumShown = QtCore.Signal(object)  # the Spectrum just drawn (of the current config)
    errorShown = QtCore.Signal(str)  # what the banner now says (presentation mode repeats it)

    def __init__(
        self,
        config: LabConfig | None = None,
        remember: bool = False,
        running: bool = True,
    ):
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Stability Lab")
        self.remember = remember
        restored = settings.load_config() if remember and config is None else None
        self.state = LabState(config or restored or LabConfig(), parent=self)
        self.theme = THEMES["light"]
        self.last_frame = None
        self.frames_shown = 0
        self._shown_generation = 0  # the generation of the last frame drawn

        self.controls = ControlPanel(self.state)
        self.gradient_plot = GradientPlot()
        self.activation_plot = ActivationPlot()
        self.heatmap_plot = HeatmapPlot()
        self.histogram_plot = HistogramPlot()
        self.spectrum_plot = SpectrumPlot()  # measured by the engine while its tab shows
        self.training_plot = TrainingPlot()
        # Asked for after the first paint; the runner's Taylor process expands the series.
        self.taylor_panel = TaylorPanel(
            self.config.activation, deferred=True, source=EngineTaylorSource(lambda: self.runner)
        )
        self.sweep_panel = SweepPanel(lambda: self.config, lambda: self.runner)
        self.plots = {
            "gradient": self.gradient_plot,
            "activation": self.activation_plot,
            "heatmap": self.heatmap_plot,
            "histogram": self.histogram_plot,
            "spectrum": self.spectrum_plot,
            "training": self.training_plot,
            "taylor": self.taylor_panel,
            "sweep": self.sweep_panel.plot,
        }
        self._build_layout()
        self.status = LabStatusBar(self.state, self)
        self.setStatusBar(self.status)
        build_menus(self)
        for name, plot in self.plots.items():  # right-click: the view's menu and our export
            install_plot_menu(plot, name, lambda n: export_figure(self, n))
            cache_still_items(plot)  # axes and texts paint from a pixmap between changes
        install_pins(self)  # pinned runs: ghost lines, the P key's board, the pin list
        self.state.displayChanged.connect(self._on_display_changed)

        self.state.configChanged.connect(self._on_config_changed)
        self.controls.problem.connect(lambda message: self.status.showMessage(message, 8000))
        self.controls.runToggled.connect(self._on_run_toggled)
        self.controls.stepRequested.connect(self._on_step_requested)
        self.controls.presetApplied.connect(self._on_preset_applied)
        self.gradient_plot.layerPicked.connect(self.pick_layer)
        self.sweep_panel.configPicked.connect(self.set_config)
        self.sweep_panel.plotChanged.connect(self._on_sweep_plot_changed)

        self.pacer = FramePacer(
            self._pull_frame,
            self,
            display_hz(),
            urgent=lambda: self._shown_generation != self.generation,
            waiting=lambda: self.runner.frame_waiting(),
        )
        self.runner = EngineRunner(self.config, running=running, notify=self.pacer.notify)
        self.generation = self.runner.generation
        self.bottom_tabs.currentChanged.connect(self._on_bottom_tab_changed)
        self.spectrum_plot.fromLayerPicked.connect(self._on_spectrum_layer_picked)
        self.controls.set_running(running)
        self.apply_theme(settings.load_theme() if remember else "light")
        if remember:
            settings.restore_geometry(self)
        else:
            self.resize(1600, 980)
        self._device_noted: str | None = None  # the absent device last said in the banner
        freeze_startup_objects()
        self.collector = GuiThreadCollector(self)

    # ----- layout -------------------------------------------------------------------
    def _build_layout(self) -> None:
        narrow_combos(self.controls)
        scroll = QtWidgets.QScrollArea()
        scroll.setWidget(self.controls)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(self.controls.minimumSizeHint().width() + 24)
        self.controls_dock = QtWidgets.QDockWidget("", self, objectName="controlsDock")
        live(self.controls_dock, "setWindowTitle", lambda: translate("MainWindow", "Controls"))
        self.controls_dock.setWidget(scroll)
        self.controls_dock.setFeatures(QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(QtCore.Qt.DockWidgetArea.LeftDockWidgetArea, self.controls_dock)

        self.taylor_dock = QtWidgets.QDockWidget("", self, objectName="taylorDock")
        live(
            self.taylor_dock,
            "setWindowTitle",
            lambda: translate("MainWindow", "Taylor series around 0"),
        )
        self.taylor_dock.setWidget(shrinkable(self.taylor_panel, "taylorScroll"))
        self.addDockWidget(QtCore.Qt.DockWidgetArea.RightDockWidgetArea, self.taylor_dock)
        self.sweep_dock = QtWidgets.QDockWidget("", self, objectName="sweepDock")
        live(
            self.sweep_dock,
            "setWindowTitle",
            lambda: translate("MainWindow", "Sweep: phase diagram"),
        )
        self.sweep_dock.setWidget(shrinkable(self.sweep_panel, "sweepScroll"))
        self.addDockWidget(QtCore.Qt.DockWidgetArea.RightDockWidgetArea, self.sweep_dock)
        self.tabifyDockWidget(self.taylor_dock, self.sweep_dock)
        self.taylor_dock.raise_()

        self.banner = QtWidgets.QLabel("", objectName="errorBanner", wordWrap=True)
        set_tone(self.banner, "banner")  # its colours follow the window theme
        self.banner.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.hide()
        live(self.banner, "setToolTip", lambda: translate("MainWindow", "Click to dismiss"))
        self._error = ""  # what the banner says, in English (or as the engine marked it)
        self.banner.mousePressEvent = lambda _e: self.banner.hide()

        grid, self.bottom_tabs = dashboard_grid(self.plots)
        central = QtWidgets.QWidget(objectName="dashboard")
        outer = QtWidgets.QVBoxLayout(central)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.addWidget(self.banner)
        outer.addLayout(grid, 1)
        self.setCentralWidget(central)
        self.dashboard = central
        self.plot_fit = PlotFit(self, self.plots.values())  # plots never crop
        # hovering a layer shows its numbers and the theory's
        self.hovers = install_hovers(
            self.gradient_plot, self.activation_plot, lambda: self.last_frame
        )

    # ----- config and run control ---------------------------------------------------
    @property
    def config(self) -> LabConfig:
        """The config that runs (owned by the state model)."""
        return self.state.config

    def set_config(self, config: LabConfig) -> None:
        """Apply a config as if the user had set every control (the engine runs an
        absent device on 'auto', and its frames say so)."""
        self.controls.set_config(config)

    def _on_config_changed(self, config: LabConfig, _changed=frozenset()) -> None:
        self.generation = self.runner.set_config(config)
        self.sweep_panel.follow_config(config)
        self.spectrum_plot.mark_stale()
        self.banner.hide()
        self.taylor_panel.set_activation(config.activation)
        if config.mode == "train":
            self.bottom_tabs.setCurrentWidget(self.training_plot)
        if config.depth < self.gradient_plot.selected.value():
            self.pick_layer(1)

    def _on_run_toggled(self, running: bool) -> None:
        self.runner.set_running(running)

    def _on_step_requested(self) -> None:
        self.runner.request_step()

    def _on_preset_applied(self, name: str) -> None:
        title = self.controls.preset_combo.currentText()
        self.status.showMessage(
            translate("MainWindow", "Scenario: {title}").format(title=title), 5000
        )
        shown = load_presets()[name].show  # the plot its text talks about
        if shown in self.plots and self.bottom_tabs.indexOf(self.plots[shown]) >= 0:
            self.bottom_tabs.setCurrentWidget(self.plots[shown])

    def _on_sweep_plot_changed(self, plot) -> None:
        """The sweep figure a user exports is the grid the panel shows."""
        self.plots["sweep"] = plot
        self.plot_fit.add(plot)
        install_plot_menu(plot, "sweep", lambda n: export_figure(self, n))
        cache_still_items(plot)
        plot.apply_theme(self.theme)

    def _on_bottom_tab_changed(self, _index: int) -> None:
        self._tell_spectrum()

    def _on_spectrum_layer_picked(self, t: int) -> None:
        self.state.set_display("spectrum_from_layer", t)
        self._tell_spectrum()

    def _tell_spectrum(self) -> None:
        """The engine measures spectra while the tab shows, for the t the panel shows."""
        shown = self.bottom_tabs.currentWidget() is self.spectrum_plot
        self.runner.set_spectrum(shown, self.spectrum_plot.from_layer)

    def toggle_running(self) -> None:
        self.controls.set_running(not self.runner.running)

    def pick_layer(self, layer: int) -> None:
        layer = max(1, min(int(layer), self.config.depth))
        self.runner.set_sample_layer(layer)
        self.gradient_plot.selected.setValue(layer)
        self.bottom_tabs.setCurrentWidget(self.histogram_plot)
        self.state.set_display("sample_layer", layer)

    def _on_display_changed(self, key: str, value) -> None:
        if key == "theme":  # the menu's check follows however the theme was chosen
            dark = self.actions_by_name["dark"]
            dark.blockSignals(True)
            dark.setChecked(value == "dark")
            dark.blockSignals(False)

    def apply_theme(self, name: str) -> None:
        self.theme = THEMES.get(name, THEMES["light"])
        self.state.set_display("theme", self.theme.name)
        apply_window_theme(self.theme)  # controls, docks, menus, dialogs: not only plots
        for plot in self.plots.values():
            if hasattr(plot, "apply_theme"):
                plot.apply_theme(self.theme)
        if self.last_frame is not None:
            self._draw(self.last_frame)

    def language_changed(self) -> None:
        """After a language switch (texts bound with `language.live` have changed
        already): draw the last frame again, so text built from it follows, and say the
        banner's message in the new language."""
        if self.banner.isVisible() and self._error:
            self.banner.setText(f"⚠ {localise(self._error)}")
        if self.last_frame is not None:
            self._draw(self.last_frame)

    # ----- frames -------------------------------------------------------------------
    def _pull_frame(self) -> bool:
        """Take the engine's news; True when a frame of the current config was drawn."""
        self.runner.rearm()  # what arrives from now on wakes the window again
        devices = self.runner.take_devices()
        if devices:
            self.controls.set_devices(devices)
        error = self.runner.take_error()
        if error is not None and error.generation == self.generation:
            self.show_error(error.message)
        notice = self.runner.take_notice()
        if notice:
            self.controls.set_running(False)
            self.show_error(notice)
        spectrum = self.runner.take_spectrum()
        if spectrum is not None and spectrum.config == self.config:
            self.spectrum_plot.show_spectrum(spectrum)
            self.spectrumShown.emit(spectrum)
        latest = self.runner.take_latest()
        if latest is None:
            return False
        generation, frame = latest
        if generation != self.generation or frame.config != self.config:
            return False  # a frame of an outdated config: never drawn
        self._draw(frame)
        self._note_device(frame)
        self.last_frame = frame
        self._shown_generation = generation
        self.frames_shown += 1
        self.status.show_frame(frame, self.runner.steps_done())
        self.frameShown.emit(frame)
        return True

    def _note_device(self, frame) -> None:
        """Say once per device asked for that it is absent and the run is on 'auto'."""
        if frame.device_note is None:
            self._device_noted = None
        elif frame.config.device != self._device_noted:
            self._device_noted = frame.config.device
            self.show_error(frame.device_note)

    def _draw(self, frame) -> None:
        self.gradient_plot.show_frame(frame)
        self.activation_plot.show_frame(frame)
        self.heatmap_plot.show_frame(frame)
        if self.bottom_tabs.currentWidget() is self.histogram_plot:
            self.histogram_plot.show_frame(frame)
        self.training_plot.show_frame(frame)

    def show_error(self, message: str) -> None:
        """Say `message` in the banner and the status bar, in the window's language (a
        marked engine message is translated, and again after a switch)."""
        self._error = message
        text = localise(message)
        self.banner.setText(f"⚠ {text}")
        self.banner.show()
        self.status.showMessage(text, 10000)
        self.errorShown.emit(text)

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        super().paintEvent(event)
        if not getattr(self, "_painted", False):
            self._painted = True
            QtCore.QTimer.singleShot(0, self.taylor_panel.load)

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        if not getattr(self, "_docks_sized", False) and not self.remember:
            self._docks_sized = True
            QtCore.QTimer.singleShot(0, self._size_taylor_dock)
            # again once the plots hold data: their tick labels widen their minimum sizes
            self.frameShown.connect(
                lambda _f: QtCore.QTimer.singleShot(100, self._size_taylor_dock),
                QtCore.Qt.ConnectionType.SingleShotConnection,
            )

    def _size_taylor_dock(self) -> None:
        """A quarter of the window and at least the Taylor panel's minimum width; where the
        plots need that room (1280 px) the dock gets less and the panel's controls wrap."""
        whole = self.taylor_panel.minimumSizeHint().width() + 2
        width = max(whole, min(480, int(self.width() * 0.24)))
        controls = self.controls_dock.minimumSizeHint().width()
        self.resizeDocks(
            [self.controls_dock, self.taylor_dock],
            [controls, width],
            QtCore.Qt.Orientation.Horizontal,
        )

    # ----- shutdown -----------------------------------------------------------------
    def shutdown(self) -> bool:
        """Stop drawing, the engine and the Taylor process; True when they have ended."""
        self.pacer.close()
        self.plot_fit.stop()
        self.sweep_panel.shutdown()
        stop_animation(self)  # an export's child process ends cleanly, leaving no file
        stopped = self.runner.stop(timeout=3.0)
        self.collector.release()  # after the engine: its threads must never collect Qt objects
        return stopped

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        if self.remember:
            settings.save(self)
        self.shutdown()
        super().closeEvent(event)
