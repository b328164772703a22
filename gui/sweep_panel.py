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
from engine.words import QT_TRANSLATE_NOOP, message

from .language import live, localise, translate
from .phase_plot import PhasePlot
from .sweep_plot import SweepPlot
from .switch_words import follow_language

PHASE = "phase"
WEIGHT_VARS = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0)
BIAS_VARS = (0.0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3)
GRIDS = (  # the grid combo's entries: (value, words)
    ("init", QT_TRANSLATE_NOOP("SweepPanel", "depth × init")),
    ("activation", QT_TRANSLATE_NOOP("SweepPanel", "depth × activation")),
    (PHASE, QT_TRANSLATE_NOOP("SweepPanel", "σ_w² × σ_b² (phase plane)")),
)
REPLACED = QT_TRANSLATE_NOOP("SweepPanel", "replaced by a newer sweep")
FIELDS = {  # the settings an error names, as the panel's labels call them (English: the
    # names the command line's options and the sessions use)
    "depths": QT_TRANSLATE_NOOP("SweepFields", "depths"),
    "weight_vars": QT_TRANSLATE_NOOP("SweepFields", "weight_vars"),
    "bias_vars": QT_TRANSLATE_NOOP("SweepFields", "bias_vars"),
    "metric": QT_TRANSLATE_NOOP("SweepFields", "metric"),
    "over": QT_TRANSLATE_NOOP("SweepFields", "over"),
    "values": QT_TRANSLATE_NOOP("SweepFields", "values"),
    "widths": QT_TRANSLATE_NOOP("SweepFields", "widths"),
    "residual": QT_TRANSLATE_NOOP("SweepFields", "residual"),
}


def parse_variances(text: str, field: str) -> tuple[float, ...]:
    try:
        return tuple(float(part) for part in text.replace(" ", "").split(",") if part)
    except ValueError:
        why = QT_TRANSLATE_NOOP("SweepPanel", "{text} is not a comma-separated list of numbers")
        raise ConfigError(field, message(why, text=repr(text))) from None


def parse_depths(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.replace(" ", "").split(",") if part)
    except ValueError:
        why = QT_TRANSLATE_NOOP("SweepPanel", "{text} is not a comma-separated list of integers")
        raise ConfigError("depths", message(why, text=repr(text))) from None


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
            return 0, 1, None, REPLACED
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
        for value, words in GRIDS:
            self.over_combo.addItem(words, value)
        live(
            self.over_combo,
            "setToolTip",
            lambda: translate(
                "SweepPanel",
                "Phase plane: the current activation and depth over a grid of weight and bias "
                "variances, with the mean-field order/chaos line χ₁ = 1; click a cell to load it",
            ),
        )
        self.weights_edit = QtWidgets.QLineEdit(
            ", ".join(f"{v:g}" for v in WEIGHT_VARS), objectName="sweepWeightVarsEdit"
        )
        live(
            self.weights_edit,
            "setToolTip",
            lambda: translate("SweepPanel", "σ_w² = G²·n·γ values, comma-separated (each > 0)"),
        )
        self.biases_edit = QtWidgets.QLineEdit(
            ", ".join(f"{v:g}" for v in BIAS_VARS), objectName="sweepBiasVarsEdit"
        )
        live(
            self.biases_edit,
            "setToolTip",
            lambda: translate("SweepPanel", "σ_b² = bias std² values, comma-separated (each ≥ 0)"),
        )
        self.depths_edit = QtWidgets.QLineEdit(
            ", ".join(map(str, DEFAULT_DEPTHS)), objectName="sweepDepthsEdit"
        )
        live(
            self.depths_edit,
            "setToolTip",
            lambda: translate("SweepPanel", "Depths to sweep, comma-separated (1–1000)"),
        )
        self.metric_combo = QtWidgets.QComboBox(objectName="sweepMetricCombo")
        for key, label in METRICS.items():
            self.metric_combo.addItem(label, key)
        self.run_button = QtWidgets.QPushButton(objectName="sweepRunButton")
        live(self.run_button, "setText", lambda: translate("SweepPanel", "Run sweep"))
        live(
            self.run_button,
            "setToolTip",
            lambda: translate(
                "SweepPanel",
                "Measure every cell with the current width, batch, precision and stabilisers",
            ),
        )
        self.cancel_button = QtWidgets.QPushButton(objectName="sweepCancelButton")
        live(self.cancel_button, "setText", lambda: translate("SweepPanel", "Cancel"))
        self.cancel_button.setEnabled(False)
        self.progress_bar = QtWidgets.QProgressBar(objectName="sweepProgress")
        self.status = QtWidgets.QLabel("")
        self._status_text: Callable[[], str] = str  # what the status says, in the language
        self.plot = SweepPlot()
        self.phase_plot = PhasePlot()
        self.phase_plot.cellPicked.connect(self._on_cell_picked)
        self.plots = QtWidgets.QStackedWidget()
        self.plots.addWidget(self.plot)
        self.plots.addWidget(self.phase_plot)
        # two columns, one setting a row: the panel fits the sweep dock's width (~300 px
        # at 1280×720) instead of scrolling sideways
        form = QtWidgets.QGridLayout()
        self.grid_label = QtWidgets.QLabel()
        live(self.grid_label, "setText", lambda: translate("SweepPanel", "Grid"))
        form.addWidget(self.grid_label, 0, 0)
        form.addWidget(self.over_combo, 0, 1)
        self.metric_label = QtWidgets.QLabel()
        live(self.metric_label, "setText", lambda: translate("SweepPanel", "Metric"))
        form.addWidget(self.metric_label, 1, 0)
        form.addWidget(self.metric_combo, 1, 1)
        self.depths_label = QtWidgets.QLabel()
        live(self.depths_label, "setText", lambda: translate("SweepPanel", "Depths"))
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
        self._retranslate()
        follow_language(self, "_retranslate")

    def _retranslate(self) -> None:
        """The combos' items and the status in the current language (values stay)."""
        combos = (
            (self.over_combo, [words for _, words in GRIDS]),
            (self.metric_combo, METRICS.values()),
        )
        for combo, items in combos:
            for i, words in enumerate(items):
                combo.setItemText(i, localise(words))
        self.status.setText(self._status_text())

    def _say(self, text: Callable[[], str]) -> None:
        """Show `text()` in the status, and again after a language switch."""
        self._status_text = text
        self.status.setText(text())

    @staticmethod
    def _error(exc) -> str:
        """A setting's error as the status says it: the field named, the reason in words."""
        reason = getattr(exc, "reason", None)
        field = getattr(exc, "field", None)
        if field is None or reason is None:
            return f"⚠ {localise(exc) if isinstance(exc, str) else exc}"
        field = localise(FIELDS.get(field, field))
        return translate("SweepPanel", "⚠ {field}: {reason}").format(
            field=field, reason=localise(reason)
        )

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
            self._say(lambda exc=exc: self._error(exc))
            return
        w, b = f"{weight_var:g}", f"{bias_var:g}"
        self._say(lambda: translate("SweepPanel", "loaded σ_w² = {w}, σ_b² = {b}").format(w=w, b=b))
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
            self._say(lambda exc=exc: self._error(exc))
            return False
        self.cancel()
        self.worker = EngineSweep(self.runner(), self.base_config(), **kwargs)
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self._say(lambda: translate("SweepPanel", "running…"))
        self.timer.start()
        return True

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.worker = None
            self._say(lambda: translate("SweepPanel", "cancelled"))
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
            self._say(lambda error=error: self._error(error))
            self.worker = None
            self._stopped()
        elif not alive:
            self._say(lambda: translate("SweepPanel", "done: {count} cells").format(count=done))
            self._stopped()
            self.worker = None
            if result is not None:
                self.finished.emit(result)

    def shutdown(self) -> None:
        """Stop following the sweep (the engine ends with the window)."""
        self.worker = None
        self.timer.stop()
