"""Presentation mode's bar: the scenario tour and the few settings a lecturer changes.

A part of `PresentationView` (gui/presentation.py), kept in a module of its own: its
widgets stay the view's attributes (`preset_combo`, `run_button`, `depth_field`, …) and
every edit goes to the main window's one state model, so both windows show one config.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from engine import ConfigError
from engine.presets import load_presets
from engine.settings_table import BY_NAME

from .buttons import text_button
from .language import live, localise, translate
from .setting_widgets import NumberField, choice_combo


def step_preset(window, step: int) -> str:
    """Apply the scenario `step` places after (or before) the current one; its name."""
    names = list(load_presets())
    current = window.controls.preset_combo.currentData()
    if current in names:
        index = (names.index(current) + step) % len(names)
    else:
        index = 0 if step > 0 else len(names) - 1
    window.controls.apply_preset(names[index])
    return names[index]


class PresentationBar:
    """PresentationView's bar: building it, naming its items, sending its edits."""

    # ----- building ---------------------------------------------------------------
    def _bar(self) -> QtWidgets.QHBoxLayout:
        big = self.font()
        big.setPointSize(12)
        self.preset_combo = QtWidgets.QComboBox(objectName="presentationPresetCombo")
        self.preset_combo.addItem("", "")
        for preset in load_presets().values():
            self.preset_combo.addItem("", preset.name)
        self._name_presets()
        live(
            self.preset_combo,
            "setToolTip",
            lambda: translate(
                "Presentation", "The lesson's scenarios (N: next, Shift+N: previous)"
            ),
        )
        self.preset_combo.activated.connect(self._on_preset_chosen)
        self.previous_button = QtWidgets.QPushButton("◀", objectName="presentationPrevious")
        live(
            self.previous_button,
            "setToolTip",
            lambda: translate("Presentation", "Previous scenario (Shift+N)"),
        )
        self.previous_button.clicked.connect(lambda: step_preset(self.window_, -1))
        self.next_button = QtWidgets.QPushButton("▶", objectName="presentationNext")
        live(self.next_button, "setToolTip", lambda: translate("Presentation", "Next scenario (N)"))
        self.next_button.clicked.connect(lambda: step_preset(self.window_, 1))
        self.depth_field = NumberField(BY_NAME["depth"], objectName="presentationDepthSpin")
        self.depth_field.valueEdited.connect(lambda v: self._edit("depth", v))
        self.depth_field.problem.connect(self._say)
        self.combos = {
            name: choice_combo(BY_NAME[name], objectName=f"presentation{name.title()}Combo")
            for name in ("activation", "init")
        }
        for name, combo in self.combos.items():
            combo.currentIndexChanged.connect(
                lambda _i, n=name, c=combo: self._edit(n, c.currentData())
            )
        self.fp16_check = QtWidgets.QCheckBox("fp16", objectName="presentationFp16Check")
        live(
            self.fp16_check,
            "setToolTip",
            lambda: translate("Presentation", "Half precision (F in the main window)"),
        )
        self.fp16_check.toggled.connect(
            lambda on: self._edit("precision", "fp16" if on else "fp32")
        )
        self.run_button = QtWidgets.QPushButton(objectName="presentationRunButton")
        live(
            self.run_button,
            "setToolTip",
            lambda: translate("Presentation", "Run or pause the engine (Space)"),
        )
        self.run_button.clicked.connect(self.window_.toggle_running)
        self.leave_button = text_button(
            "presentationLeave",
            lambda: translate("Presentation", "✕ Leave"),
            lambda: translate("Presentation", "Back to the lab window (Esc or F11)"),
            self.close,
        )
        for button in (self.previous_button, self.next_button):
            button.setFixedWidth(button.fontMetrics().horizontalAdvance("◀") + 28)
        for combo in (self.preset_combo, *self.combos.values()):
            combo.setSizeAdjustPolicy(
                QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        self.preset_combo.setMinimumContentsLength(16)
        for combo in self.combos.values():
            combo.setMinimumContentsLength(9)
        tour = [
            (lambda: translate("Presentation", "Scenario"), self.preset_combo),
            (None, self.previous_button),
            (None, self.next_button),
            (None, self.run_button),
        ]
        settings = [
            (lambda: translate("Presentation", "Depth"), self.depth_field),
            (lambda: translate("Presentation", "Activation"), self.combos["activation"]),
            (lambda: translate("Presentation", "Init"), self.combos["init"]),
            (None, self.fp16_check),
        ]
        # one row where it fits, else two (a 1024-px projector): `resizeEvent` decides
        self.bar = QtWidgets.QBoxLayout(QtWidgets.QBoxLayout.Direction.LeftToRight)
        self.bar_groups = [self._group(tour, big), self._group(settings, big)]
        for group in self.bar_groups:
            self.bar.addWidget(group)
        self.bar.addStretch(1)
        self.leave_button.setFont(big)
        row = QtWidgets.QHBoxLayout()
        row.addLayout(self.bar, 1)
        row.addWidget(self.leave_button, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        return row

    @staticmethod
    def _group(parts, font: QtGui.QFont) -> QtWidgets.QWidget:
        group = QtWidgets.QWidget()
        row = QtWidgets.QHBoxLayout(group)
        row.setContentsMargins(0, 0, 12, 0)
        for label, widget in parts:
            if label:
                caption = QtWidgets.QLabel()
                live(caption, "setText", label)  # a function: the caption follows a switch
                caption.setFont(font)
                row.addWidget(caption)
            widget.setFont(font)
            row.addWidget(widget)
        row.addStretch(1)
        return group

    # ----- model → view ------------------------------------------------------------
    def _show_running(self, running: bool) -> None:
        if running:
            self.run_button.setText(translate("Presentation", "Pause"))
        else:
            self.run_button.setText(translate("Presentation", "Run"))

    def _name_presets(self) -> None:
        """The scenario list's texts in the current language (its data stay the names)."""
        presets = load_presets()
        self.preset_combo.setItemText(0, translate("Presentation", "— scenario —"))
        for index in range(1, self.preset_combo.count()):
            preset = presets.get(self.preset_combo.itemData(index))
            if preset is not None:
                self.preset_combo.setItemText(index, localise(preset.title))

    # ----- view → model ------------------------------------------------------------
    def _edit(self, name: str, value) -> None:
        if getattr(self.state.config, name) == value:
            return
        try:
            self.state.update(**{name: value})
        except ConfigError as exc:
            label, reason = BY_NAME[name].label, exc.reason
            self._say(
                lambda: translate("Presentation", "{setting}: {reason}").format(
                    setting=localise(label), reason=localise(reason)
                )
            )
            self._show_config()
        else:
            self._say("")

    def _on_preset_chosen(self, index: int) -> None:
        name = self.preset_combo.itemData(index)
        if name:
            self.window_.controls.apply_preset(name)
