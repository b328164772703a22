"""The sweep panel: choose the grid, run it in the engine's process with progress and
cancel, and watch the phase diagram fill in cell by cell: depth × init or activation
(`SweepPlot`), or the (σ_w², σ_b²) phase plane at the current depth (`PhasePlot`),
whose cells load their settings into the lab when clicked.

The sweep is a command of the engine (`EngineRunner.run_sweep`): torch never loads into
the window's process, and the panel polls the runner on a GUI-thread timer (no Qt in
any thread). The engine's streaming waits while the sweep runs, then resumes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtCore, QtWidgets

from engine import ConfigError, LabConfig
from engine.phase import cell_config, check_phase, point_of
from engine.sweep import DEFAULT_DEPTHS, METRICS, check_sweep

from .phase_plot import PhasePlot
from .sweep_plot import SweepPlot

PHASE = "phase"
WEIGHT_VARS = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0)
BIAS_VARS = (0.0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3)


def parse_variances(text: str, field: str) -> tuple[float, ...]:
    try:
        return tuple(float(part) for part in text.replace(" ", "").split(",") if part)
    except ValueError:
        raise ConfigError(field, f"{text!r} is not a comma-separated list of numbers") from None


def parse_depths(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.replace(" ", "").split(",") if part)
    except ValueError:
        raise ConfigError("depths", f"{text!r} is not a comma-separated list of integers") from None


class EngineSweep:
    """One sweep running in the engine, as the panel follows it."""

    def __init__(self, runner, base: LabConfig, **kwargs):
        self.runner = runner
        if kwargs.get("axis") == PHASE:
            self.sweep_id = runner.run_phase_sweep(base, kwargs["weight_vars"], kwargs["bias_vars"])
        else:
            self.sweep_id = runner.run_sweep(base, **kwargs)

    def progress(self):
        """(cells done, cells in all, result so far, error message or None)."""
        status = self.runner.sweep_status(self.sweep_id)
        if status is None:
            return 0, 1, None, "replaced by a newer sweep"
        return status.done, status.total, status.result, status.error

    def is_alive(self) -> bool:
        status = self.runner.sweep_status(self.sweep_id)
        return status is not None and status.running

    def cancel(self) -> None:
        self.runner.cancel_sweep(self.sweep_id)


class SweepPanel(QtWidgets.QWidget):
    finished = QtCore.Signal(object)  # SweepResult or PhaseResult
    plotChanged = QtCore.Signal(object)  # the plot the panel shows now (its mode's)
    configPicked = QtCore.Signal(object)  # a phase-plane cell's LabConfig, clicked

    def __init__(self, base_config: Callable[[], LabConfig], runner: Callable, parent=None):
        """`base_config` and `runner` return the window's current config and its
        `EngineRunner` (which may be replaced while the window lives)."""
        super().__init__(parent)
        self.setObjectName("sweepPanel")
        self.base_config = base_config
        self.runner = runner
        self.worker: EngineSweep | None = None
        self.result = None
        self.over_combo = QtWidgets.QComboBox(objectName="sweepOverCombo")
        self.over_combo.addItem("depth × init", "init")
        self.over_combo.addItem("depth × activation", "activation")
        self.over_combo.addItem("σ_w² × σ_b² (phase plane)", PHASE)
        self.over_combo.setToolTip(
            "Phase plane: the current activation and depth over a grid of weight and bias "
            "variances, with the mean-field order/chaos line χ₁ = 1; click a cell to load it"
        )
        self.weights_edit = QtWidgets.QLineEdit(
            ", ".join(f"{v:g}" for v in WEIGHT_VARS), objectName="sweepWeightVarsEdit"
        )
        self.weights_edit.setToolTip("σ_w² = G²·n·γ values, comma-separated (each > 0)")
        self.biases_edit = QtWidgets.QLineEdit(
            ", ".join(f"{v:g}" for v in BIAS_VARS), objectName="sweepBiasVarsEdit"
        )
        self.biases_edit.setToolTip("σ_b² = bias std² values, comma-separated (each ≥ 0)")
        self.depths_edit = QtWidgets.QLineEdit(
            ", ".join(map(str, DEFAULT_DEPTHS)), objectName="sweepDepthsEdit"
        )
        self.depths_edit.setToolTip("Depths to sweep, comma-separated (1–1000)")
        self.metric_combo = QtWidgets.QComboBox(objectName="sweepMetricCombo")
        for key, label in METRICS.items():
            self.metric_combo.addItem(label, key)
        self.run_button = QtWidgets.QPushButton("Run sweep", objectName="sweepRunButton")
        self.run_button.setToolTip(
            "Measure every cell with the current width, batch, precision and stabilisers"
        )
        self.cancel_button = QtWidgets.QPushButton("Cancel", objectName="sweepCancelButton")
        self.cancel_button.setEnabled(False)
        self.progress_bar = QtWidgets.QProgressBar(objectName="sweepProgress")
        self.status = QtWidgets.QLabel("")
        self.plot = SweepPlot()
        self.phase_plot = PhasePlot()
        self.phase_plot.cellPicked.connect(self._on_cell_picked)
        self.plots = QtWidgets.QStackedWidget()
        self.plots.addWidget(self.plot)
        self.plots.addWidget(self.phase_plot)
        # two columns, one setting a row: the panel fits the sweep dock's width (~300 px
        # at 1280×720) instead of scrolling sideways
        form = QtWidgets.QGridLayout()
        form.addWidget(QtWidgets.QLabel("Grid"), 0, 0)
        form.addWidget(self.over_combo, 0, 1)
        self.metric_label = QtWidgets.QLabel("Metric")
        form.addWidget(self.metric_label, 1, 0)
        form.addWidget(self.metric_combo, 1, 1)
        self.depths_label = QtWidgets.QLabel("Depths")
        form.addWidget(self.depths_label, 2, 0)
        form.addWidget(self.depths_edit, 2, 1)
        self.weights_label = QtWidgets.QLabel("σ_w²")
        form.addWidget(self.weights_label, 3, 0)
        form.addWidget(self.weights_edit, 3, 1)
        self.biases_label = QtWidgets.QLabel("σ_b²")
        form.addWidget(self.biases_label, 4, 0)
        form.addWidget(self.biases_edit, 4, 1)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.cancel_button)
        form.addLayout(buttons, 5, 0, 1, 2)
        form.setColumnStretch(1, 1)
        for combo in (self.over_combo, self.metric_combo):  # narrower than their longest entry
            combo.setSizeAdjustPolicy(
                QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
        lay = QtWidgets.QVBoxLayout(self)
        lay.addLayout(form)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.progress_bar, 1)
        row.addWidget(self.status)
        lay.addLayout(row)
        lay.addWidget(self.plots, 1)
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(100)
        self.timer.timeout.connect(self._poll)
        self.run_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.over_combo.currentIndexChanged.connect(self._on_mode_changed)
        self._on_mode_changed()

    @property
    def phase_mode(self) -> bool:
        return self.over_combo.currentData() == PHASE

    def current_plot(self):
        """The plot of the chosen grid (what the window exports as the sweep)."""
        return self.phase_plot if self.phase_mode else self.plot

    def _on_mode_changed(self, _index: int = 0) -> None:
        phase = self.phase_mode
        for widget in (self.metric_label, self.metric_combo, self.depths_label, self.depths_edit):
            widget.setVisible(not phase)
        for widget in (self.weights_label, self.weights_edit, self.biases_label, self.biases_edit):
            widget.setVisible(phase)
        self.plots.setCurrentWidget(self.current_plot())
        self.plotChanged.emit(self.current_plot())

    def _on_cell_picked(self, weight_var: float, bias_var: float) -> None:
        result = self.phase_plot.result
        if result is None:
            return
        try:  # the cell as it was measured: the sweep's settings at its σ_w² and σ_b²
            config = cell_config(result.base, weight_var, bias_var)
        except ConfigError as exc:
            self.status.setText(f"⚠ {exc}")
            return
        self.status.setText(f"loaded σ_w² = {weight_var:g}, σ_b² = {bias_var:g}")
        self.configPicked.emit(config)

    def follow_config(self, config: LabConfig) -> None:
        """Mark the window's current settings on the phase plane."""
        self.phase_plot.show_current(*point_of(config))

    def settings(self) -> dict:
        if self.phase_mode:
            weights = parse_variances(self.weights_edit.text(), "weight_vars")
            biases = parse_variances(self.biases_edit.text(), "bias_vars")
            weights, biases = check_phase(self.base_config(), weights, biases)
            return {"axis": PHASE, "weight_vars": weights, "bias_vars": biases}
        depths = parse_depths(self.depths_edit.text())
        axis = self.over_combo.currentData()
        metric = self.metric_combo.currentData()
        check_sweep(axis, None, depths, metric)
        return {"axis": axis, "depths": depths, "metric": metric}

    def start(self) -> bool:
        try:
            kwargs = self.settings()
        except ConfigError as exc:
            self.status.setText(f"⚠ {exc}")
            return False
        self.cancel()
        self.worker = EngineSweep(self.runner(), self.base_config(), **kwargs)
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.status.setText("running…")
        self.timer.start()
        return True

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.worker = None
            self.status.setText("cancelled")
        self._stopped()

    def _stopped(self) -> None:
        self.timer.stop()
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def _poll(self) -> None:
        if self.worker is None:
            return
        alive = self.worker.is_alive()  # before reading: an ended sweep's state is final
        done, total, result, error = self.worker.progress()
        self.progress_bar.setMaximum(total)
        self.progress_bar.setValue(done)
        if result is not None and result is not self.result:  # a cell more
            self.result = result
            plot = self.phase_plot if hasattr(result, "weight_vars") else self.plot
            plot.show_result(result)
        if error:
            self.status.setText(f"⚠ {error}")
            self.worker = None
            self._stopped()
        elif not alive:
            self.status.setText(f"done: {done} cells")
            self._stopped()
            self.worker = None
            if result is not None:
                self.finished.emit(result)

    def shutdown(self) -> None:
        """Stop following the sweep (the engine ends with the window)."""
        self.worker = None
        self.timer.stop()
