"""The control panel: one widget per setting, generated from the settings table.

Groups, order, labels, ranges, decimals and tooltips all come from
`engine.settings_table.SETTINGS`. The panel keeps no config of its own: it shows the
state model's config (`LabState`) with signals blocked, and sends every edit to it.
Typed text that is not an allowed value is refused with a visible message naming the
allowed range, and the box keeps the value that runs.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from engine import ACTIVATIONS, INITS, ConfigError, LabConfig
from engine.activations import is_formula
from engine.formats import RANGES, short
from engine.presets import load_presets
from engine.settings_table import BY_NAME, GROUPS, SETTINGS, Setting

from .formula_dialog import FormulaDialog
from .setting_widgets import ListField, NumberField, SettingSlider, choice_combo, select
from .state import LabState
from .widgets import blocked
from .window_theme import set_tone

MESSAGE_MS = 8000
CUSTOM, CUSTOM_LABEL = "\0custom", "Custom formula…"  # the activation list's last entry


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


class ControlPanel(QtWidgets.QWidget):
    runToggled = QtCore.Signal(bool)
    stepRequested = QtCore.Signal()
    presetApplied = QtCore.Signal(str)
    problem = QtCore.Signal(str)  # a refused edit, in one line
    pinRequested = QtCore.Signal()  # the Pin button: keep this run's curves (gui/pins.py)

    def __init__(self, state: LabState, parent=None):
        super().__init__(parent)
        self.state = state
        self.editors: dict[str, QtWidgets.QWidget] = {}
        self._preset: str | None = None
        self.formula_dialog: FormulaDialog | None = None  # the last one opened
        form = QtWidgets.QVBoxLayout(self)
        form.setContentsMargins(8, 8, 8, 8)
        form.addWidget(self._preset_box())
        for group in GROUPS:
            if group != "Run":
                form.addWidget(self._group_box(group))
        form.addWidget(self._run_box())
        self.message = QtWidgets.QLabel("", wordWrap=True, objectName="controlsMessage")
        set_tone(self.message, "error")  # red on light, pale red on dark
        self.message.hide()
        self._message_timer = QtCore.QTimer(self, singleShot=True, interval=MESSAGE_MS)
        self._message_timer.timeout.connect(self.message.hide)
        form.addWidget(self.message)
        form.addStretch(1)
        state.configChanged.connect(self._on_state_changed)
        self.show_config(state.config)

    @property
    def config(self) -> LabConfig:
        return self.state.config

    # ----- building ---------------------------------------------------------------
    def _preset_box(self):
        box = QtWidgets.QGroupBox("Scenario")
        lay = QtWidgets.QVBoxLayout(box)
        self.preset_combo = QtWidgets.QComboBox(objectName="presetCombo")
        self.preset_combo.addItem("— choose a lesson scenario —", "")
        for p in load_presets().values():
            self.preset_combo.addItem(p.title, p.name)
            self.preset_combo.setItemData(
                self.preset_combo.count() - 1, p.see, QtCore.Qt.ItemDataRole.ToolTipRole
            )
        self.preset_combo.setToolTip("Apply one of the lesson's scenarios (N: next scenario)")
        self.preset_combo.activated.connect(self._on_preset_chosen)
        self.preset_text = QtWidgets.QLabel("", wordWrap=True, objectName="presetText")
        self.preset_text.setStyleSheet(  # the sentence a student reads: full contrast
            "color: palette(window-text); background: palette(base); padding: 4px;"
        )
        self.preset_text.hide()  # until a scenario is chosen
        lay.addWidget(self.preset_combo)
        lay.addWidget(self.preset_text)
        return box

    def _group_box(self, group: str) -> QtWidgets.QGroupBox:
        box = QtWidgets.QGroupBox(group)
        grid = QtWidgets.QFormLayout(box)
        if group == "Numerics":  # the brief's visible fp16 toggle: a view of `precision`
            self.fp16_check = QtWidgets.QCheckBox("fp16 (half precision)", objectName="fp16Check")
            self.fp16_check.setToolTip(
                f"Run in IEEE half precision (F): values below {short(RANGES['fp16'].tiny)} "
                "become subnormal and lose precision, below "
                f"{short(RANGES['fp16'].subnormal / 2)} they flush to 0, and values above "
                f"{short(RANGES['fp16'].max)} become inf"
            )
            self.fp16_check.toggled.connect(
                lambda on: self._edit("precision", "fp16" if on else "fp32")
            )
            grid.addRow(self.fp16_check)
        for setting in SETTINGS:
            if setting.group == group:
                self._add_editor(grid, setting)
        return box

    def _add_editor(self, grid: QtWidgets.QFormLayout, setting: Setting) -> None:
        name, camel = setting.name, _camel(setting.name)
        if setting.kind is bool:
            editor = QtWidgets.QCheckBox(setting.label, objectName=f"{camel}Check")
            editor.setToolTip(setting.tip)
            editor.toggled.connect(lambda on, n=name: self._edit(n, on))
            grid.addRow(editor)
        elif setting.kind is str:
            editor = choice_combo(setting, objectName=f"{camel}Combo")
            if setting.other is not None:  # the activation: a formula of one's own too
                editor.addItem(CUSTOM_LABEL, CUSTOM)
                editor.setItemData(
                    editor.count() - 1,
                    "Type an activation as a formula in x, e.g. x*tanh(softplus(x))",
                    QtCore.Qt.ItemDataRole.ToolTipRole,
                )
            editor.currentIndexChanged.connect(
                lambda _i, n=name, e=editor: self._on_choice(n, e.currentData())
            )
            grid.addRow(setting.label, editor)
        elif setting.kind is tuple:
            editor = ListField(setting, objectName=f"{camel}Edit")
            editor.valueEdited.connect(lambda v, n=name: self._edit(n, v))
            editor.problem.connect(self.show_problem)
            grid.addRow(setting.label, editor)
        else:
            if setting.slider:
                editor = SettingSlider(setting, f"{camel}Slider", f"{camel}Spin")
            else:
                editor = NumberField(setting, objectName=f"{camel}Spin")
            editor.valueEdited.connect(lambda v, n=name: self._edit(n, v))
            editor.problem.connect(self.show_problem)
            grid.addRow(setting.label, editor)
        label = grid.labelForField(editor)
        if label is not None:
            label.setToolTip(setting.tip)
        self.editors[name] = editor
        if name == "device":
            self.set_devices(["cpu"])  # until the engine reports what torch finds here
        # the names the rest of the window and its tests use
        attribute = {"depth": "depth_editor", "lr": "lr_slider"}.get(name, f"{name}_editor")
        setattr(self, attribute, editor)

    def _run_box(self):
        box = QtWidgets.QGroupBox("Run")
        grid = QtWidgets.QGridLayout(box)
        self.run_button = QtWidgets.QPushButton("Pause", objectName="runButton")
        self.run_button.setCheckable(True)
        self.run_button.setChecked(True)
        self.run_button.setToolTip("Run or pause the engine (Space)")
        self.run_button.toggled.connect(self._on_run_toggled)
        self.step_button = QtWidgets.QPushButton("Step", objectName="stepButton")
        self.step_button.setToolTip("One probe step while paused (S)")
        self.step_button.clicked.connect(self.stepRequested)
        seed = BY_NAME["seed"]
        self.seed_spin = NumberField(seed, objectName="seedSpin")
        self.seed_spin.valueEdited.connect(lambda v: self._edit("seed", v))
        self.seed_spin.problem.connect(self.show_problem)
        self.editors["seed"] = self.seed_spin
        self.reseed_button = QtWidgets.QPushButton("Reseed", objectName="reseedButton")
        self.reseed_button.setToolTip("Draw new weights: seed + 1 (R)")
        self.reseed_button.clicked.connect(self.reseed)
        seed_label = QtWidgets.QLabel(seed.label)
        seed_label.setToolTip(seed.tip)
        grid.addWidget(self.run_button, 0, 0)
        grid.addWidget(self.step_button, 0, 1)
        grid.addWidget(seed_label, 1, 0)
        grid.addWidget(self.seed_spin, 1, 1)
        grid.addWidget(self.reseed_button, 2, 0, 1, 2)
        self.pin_button = QtWidgets.QPushButton("Pin this run", objectName="pinButton")
        self.pin_button.setToolTip(
            "Keep this run's curves as labelled ghost lines while you change settings (P); "
            "up to 6 pins"
        )
        self.pin_button.clicked.connect(self.pinRequested)
        grid.addWidget(self.pin_button, 3, 0, 1, 2)
        return box

    def add_section(self, widget: QtWidgets.QWidget) -> None:
        """Put a panel of the window's own (the pinned runs) under the Run box."""
        layout = self.layout()
        layout.insertWidget(layout.indexOf(self.message), widget)

    # the widgets tests and the window address by their old names
    @property
    def depth_slider(self) -> QtWidgets.QSlider:
        return self.depth_editor.slider

    @property
    def depth_spin(self) -> NumberField:
        return self.depth_editor.field

    @property
    def residual_scale(self) -> NumberField:
        return self.residual_scale_editor

    @property
    def device_combo(self) -> QtWidgets.QComboBox:
        return self.device_editor

    # ----- model → view ------------------------------------------------------------
    def _on_state_changed(self, config: LabConfig, _changed) -> None:
        self.show_config(config)
        if self._preset is not None:
            preset = load_presets()[self._preset].config
            if config.with_(device=preset.device, seed=preset.seed) != preset:
                self._forget_preset()  # its sentence no longer describes what runs

    def show_config(self, config: LabConfig) -> None:
        """Write `config` into every widget without emitting edits."""
        widgets = [*self.editors.values(), self.fp16_check]
        widgets += [self.depth_editor.slider, self.depth_editor.field]
        widgets += [self.lr_slider.slider, self.lr_slider.field]
        with blocked(*widgets):
            for name, editor in self.editors.items():
                value = getattr(config, name)
                if isinstance(editor, QtWidgets.QCheckBox):
                    editor.setChecked(value)
                elif isinstance(editor, QtWidgets.QComboBox):
                    if name == "device" and editor.findData(value) < 0:
                        editor.addItem(f"{value} (not found here)", value)
                    if name == "activation" and editor.findData(value) < 0:
                        self._add_formula_item(editor, value)
                    select(editor, value)
                else:
                    editor.setValue(value)
            self.fp16_check.setChecked(config.precision == "fp16")
        self._update_dependent(config)

    def _update_dependent(self, config: LabConfig) -> None:
        self.residual_scale.setEnabled(config.residual)
        training = config.mode == "train"
        for name in ("task", "optimizer", "lr"):
            self.editors[name].setEnabled(training)
        self.editors["width"].setEnabled(not config.widths)  # the widths replace it
        n_in, n_out = config.layer_widths()[:2]  # the first layer's fan-in and fan-out
        combo = self.editors["init"]
        for i in range(combo.count()):
            it = INITS[combo.itemData(i)]
            combo.setItemData(
                i,
                f"{it.describe(n_in, n_out, config.gain)}\n{it.note}",
                QtCore.Qt.ItemDataRole.ToolTipRole,
            )
        init = INITS[config.init]
        combo.setToolTip(f"{init.label}: {init.describe(n_in, n_out, config.gain)}\n{init.note}")
        activation = self.editors["activation"]
        activation.setToolTip(
            activation.itemData(activation.currentIndex(), QtCore.Qt.ItemDataRole.ToolTipRole)
        )

    def set_devices(self, present: list[str]) -> None:
        """Offer 'auto' and the devices present here, keeping the current choice."""
        combo = self.editors["device"]
        current = self.state.config.device
        with blocked(combo):
            combo.clear()
            for d in ["auto", *present]:
                combo.addItem(d, d)
            if combo.findData(current) < 0:
                combo.addItem(f"{current} (not found here)", current)
            select(combo, current)

    @staticmethod
    def _add_formula_item(combo: QtWidgets.QComboBox, text: str) -> None:
        """A formula the config runs, listed above "Custom formula…"."""
        combo.insertItem(combo.findData(CUSTOM), f"f(x) = {text}", text)
        combo.setItemData(
            combo.findData(text),
            f"Your formula: f(x) = {text}\n{ACTIVATIONS[text].note}",
            QtCore.Qt.ItemDataRole.ToolTipRole,
        )

    # ----- view → model ------------------------------------------------------------
    def _on_choice(self, name: str, value) -> None:
        if value == CUSTOM:
            self.show_config(self.state.config)  # the combo shows what runs until then
            self.open_formula_dialog()
            return
        self._edit(name, value)

    def open_formula_dialog(self) -> FormulaDialog:
        """Open the formula dialog (window-modal, not blocking); a formula accepted there
        becomes the activation."""
        current = self.state.config.activation
        dialog = FormulaDialog(current if is_formula(current) else "", self)
        dialog.formulaChosen.connect(lambda text: self._edit("activation", text))
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.formula_dialog = dialog
        return dialog

    def _edit(self, name: str, value) -> None:
        if getattr(self.state.config, name) == value:
            return
        try:
            self.state.update(**{name: value})
        except ConfigError as exc:
            self.show_problem(f"{BY_NAME[name].label}: {exc.reason}")
            self.show_config(self.state.config)

    def show_problem(self, message: str) -> None:
        self.message.setText(f"⚠ {message}")
        self.message.show()
        self._message_timer.start()
        self.problem.emit(message)

    def set_config(self, config: LabConfig) -> None:
        """Apply `config` (presets, loaded sessions, resets) through the state model."""
        self.state.set_config(config)

    def _on_preset_chosen(self, index: int) -> None:
        name = self.preset_combo.itemData(index)
        if name:
            self.apply_preset(name)

    def apply_preset(self, name: str) -> None:
        preset = load_presets()[name]
        self.state.set_config(preset.config.with_(device=self.state.config.device))
        self._preset = name
        with blocked(self.preset_combo):
            select(self.preset_combo, name)
        self.preset_text.setText(f"<b>What you should see:</b> {preset.see}")
        self.preset_text.show()
        self.set_running(True)  # a scenario is something to watch: a paused one starts
        self.presetApplied.emit(name)

    def _forget_preset(self) -> None:
        self._preset = None
        self.preset_text.setText("")
        self.preset_text.hide()
        with blocked(self.preset_combo):
            self.preset_combo.setCurrentIndex(0)

    def next_preset(self) -> None:
        names = list(load_presets())
        index = (names.index(self._preset) + 1) % len(names) if self._preset in names else 0
        self.apply_preset(names[index])

    def reseed(self) -> None:
        self._edit("seed", (self.state.config.seed + 1) % (BY_NAME["seed"].hi + 1))

    def _on_run_toggled(self, running: bool) -> None:
        self.run_button.setText("Pause" if running else "Run")
        self.step_button.setEnabled(not running)
        self.runToggled.emit(running)

    def set_running(self, running: bool) -> None:
        self.run_button.setChecked(running)
