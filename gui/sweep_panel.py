"""The sweep panel: choose the grid, run it in the engine's process with progress and
cancel, and watch the phase diagram fill in cell by cell.

The sweep is a command of the engine (`EngineRunner.run_sweep`): torch never loads into
the window's process, and the panel polls the runner on a GUI-thread timer (no Qt in
any thread). The engine's streaming waits while the sweep runs, then resumes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtCore, QtWidgets

from engine import ConfigError, LabConfig
from engine.sweep import DEFAULT_DEPTHS, METRICS, check_sweep

from .sweep_plot import SweepPlot


def parse_depths(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.replace(" ", "").split(",") if part)
    except ValueError:
        raise ConfigError("depths", f"{text!r} is not a comma-separated list of integers") from None


class EngineSweep:
    """One sweep running in the engine, as the panel follows it."""

    def __init__(self, runner, base: LabConfig, **kwargs):
        self.runner = runner
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
    finished = QtCore.Signal(object)  # SweepResult

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
        form = QtWidgets.QGridLayout()
        form.addWidget(QtWidgets.QLabel("Grid"), 0, 0)
        form.addWidget(self.over_combo, 0, 1)
        form.addWidget(QtWidgets.QLabel("Metric"), 0, 2)
        form.addWidget(self.metric_combo, 0, 3)
        form.addWidget(QtWidgets.QLabel("Depths"), 1, 0)
        form.addWidget(self.depths_edit, 1, 1, 1, 3)
        form.addWidget(self.run_button, 0, 4)
        form.addWidget(self.cancel_button, 1, 4)
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 1)
        lay = QtWidgets.QVBoxLayout(self)
        lay.addLayout(form)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.progress_bar, 1)
        row.addWidget(self.status)
        lay.addLayout(row)
        lay.addWidget(self.plot, 1)
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(100)
        self.timer.timeout.connect(self._poll)
        self.run_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)

    def settings(self) -> dict:
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
            self.plot.show_result(result)
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
