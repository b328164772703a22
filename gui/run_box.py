"""The control panel's Run box: run or pause, one step, the seed, and Pin this run.

A part of `ControlPanel` (gui/controls.py), kept in a module of its own: its widgets
stay the panel's attributes (`run_button`, `step_button`, `seed_spin`, `reseed_button`,
`pin_button`), as the window and its tests address them.
"""

from __future__ import annotations

from PySide6 import QtWidgets

from engine.settings_table import BY_NAME, next_seed

from .buttons import text_button
from .language import live, localise, translate
from .setting_widgets import NumberField


class RunBox:
    """ControlPanel's run controls: building them and following the run button."""

    def _run_box(self, title: str) -> QtWidgets.QGroupBox:
        """The Run box, titled `title` (the settings table's "Run" group, marked)."""
        box = QtWidgets.QGroupBox()
        live(box, "setTitle", lambda: localise(title))
        grid = QtWidgets.QGridLayout(box)
        self.run_button = QtWidgets.QPushButton(objectName="runButton")
        self.run_button.setCheckable(True)
        self.run_button.setChecked(True)
        self._title_run_button()
        live(
            self.run_button,
            "setToolTip",
            lambda: translate("Controls", "Run or pause the engine (Space)"),
        )
        self.run_button.toggled.connect(self._on_run_toggled)
        self.step_button = text_button(
            "stepButton",
            lambda: translate("Controls", "Step"),
            lambda: translate("Controls", "One probe step while paused (S)"),
            self.stepRequested,
        )
        seed = BY_NAME["seed"]
        self.seed_spin = NumberField(seed, objectName="seedSpin")
        self.seed_spin.valueEdited.connect(lambda v: self._edit("seed", v))
        self.seed_spin.problem.connect(self.show_problem)
        self.editors["seed"] = self.seed_spin
        self.reseed_button = text_button(
            "reseedButton",
            lambda: translate("Controls", "Reseed"),
            lambda: translate("Controls", "Draw new weights: seed + 1 (R)"),
            self.reseed,
        )
        seed_label = QtWidgets.QLabel()
        live(seed_label, "setText", lambda: localise(seed.label))
        live(seed_label, "setToolTip", lambda: localise(seed.tip))
        grid.addWidget(self.run_button, 0, 0)
        grid.addWidget(self.step_button, 0, 1)
        grid.addWidget(seed_label, 1, 0)
        grid.addWidget(self.seed_spin, 1, 1)
        grid.addWidget(self.reseed_button, 2, 0, 1, 2)
        self.pin_button = text_button(
            "pinButton",
            lambda: translate("Controls", "Pin this run"),
            lambda: translate(
                "Controls",
                "Keep this run's curves as labelled ghost lines while you change settings (P); "
                "up to 6 pins",
            ),
            self.pinRequested,
        )
        grid.addWidget(self.pin_button, 3, 0, 1, 2)
        return box

    def reseed(self) -> None:
        self._edit("seed", next_seed(self.state.config.seed))

    def _title_run_button(self) -> None:
        running = self.run_button.isChecked()
        self.run_button.setText(
            translate("Controls", "Pause") if running else translate("Controls", "Run")
        )

    def _on_run_toggled(self, running: bool) -> None:
        self._title_run_button()
        self.step_button.setEnabled(not running)
        self.runToggled.emit(running)

    def set_running(self, running: bool) -> None:
        self.run_button.setChecked(running)
