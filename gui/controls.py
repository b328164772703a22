"""The control panel: one widget per setting, generated from the settings table.

Groups, order, labels, ranges, decimals and tooltips all come from
`engine.settings_table.SETTINGS`. The panel keeps no config of its own: it shows the
state model's config (`LabState`) with signals blocked, and sends every edit to it.
Typed text that is not an allowed value is refused with a visible message naming the
allowed range, and the box keeps the value that runs. Every word follows a language switch
(`gui/language.py`): the table's words are marked in the engine and shown with `localise`.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from engine import ACTIVATIONS, INITS, ConfigError, LabConfig
from engine.activations import is_formula
from engine.formats import RANGES, short
from engine.presets import load_presets
from engine.settings_table import BY_NAME, GROUPS, SETTINGS, Setting
from engine.words import QT_TRANSLATE_NOOP

from .formula_dialog import FormulaDialog
from .language import live, localise, on_change, translate
from .preset_box import PresetBox
from .run_box import RunBox
from .setting_widgets import (
    ListField,
    NumberField,
    SettingSlider,
    choice_combo,
    localise_choices,
    select,
)
from .state import LabState
from .widgets import blocked
from .window_theme import set_tone

MESSAGE_MS = 8000
CUSTOM = "\0custom"  # the activation list's last entry: "Custom formula…"
CUSTOM_LABEL = QT_TRANSLATE_NOOP("Controls", "Custom formula…")
CUSTOM_TIP = QT_TRANSLATE_NOOP(
    "Controls", "Type an activation as a formula in x, e.g. x*tanh(softplus(x))"
)
GROUP_TITLES = {  # the settings table's groups, as the panel titles them
    "Network": QT_TRANSLATE_NOOP("Controls", "Network"),
    "Numerics": QT_TRANSLATE_NOOP("Controls", "Numerics"),
    "Stabilisers": QT_TRANSLATE_NOOP("Controls", "Stabilisers"),
    "Training": QT_TRANSLATE_NOOP("Controls", "Training"),
    "Run": QT_TRANSLATE_NOOP("Controls", "Run"),
}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


class ControlPanel(PresetBox, RunBox, QtWidgets.QWidget):
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
        form.addWidget(self._run_box(GROUP_TITLES["Run"]))
        self.message = QtWidgets.QLabel("", wordWrap=True, objectName="controlsMessage")
        set_tone(self.message, "error")  # red on light, pale red on dark
        self.message.hide()
        self._message_timer = QtCore.QTimer(self, singleShot=True, interval=MESSAGE_MS)
        self._message_timer.timeout.connect(self.message.hide)
        form.addWidget(self.message)
        form.addStretch(1)
        state.configChanged.connect(self._on_state_changed)
        self.show_config(state.config)
        on_change(self, self._language_changed)

    @property
    def config(self) -> LabConfig:
        return self.state.config

    # ----- building ---------------------------------------------------------------
    def _group_box(self, group: str) -> QtWidgets.QGroupBox:
        box = QtWidgets.QGroupBox()
        live(box, "setTitle", lambda: localise(GROUP_TITLES[group]))
        grid = QtWidgets.QFormLayout(box)
        if group == "Numerics":  # the brief's visible fp16 toggle: a view of `precision`
            self.fp16_check = QtWidgets.QCheckBox(objectName="fp16Check")
            live(self.fp16_check, "setText", lambda: translate("Controls", "fp16 (half precision)"))
            fp16 = RANGES["fp16"]
            live(
                self.fp16_check,
                "setToolTip",
                lambda: translate(
                    "Controls",
                    "Run in IEEE half precision (F): values below {tiny} become subnormal and "
                    "lose precision, below {flush} they flush to 0, and values above {max} "
                    "become inf",
                ).format(
                    tiny=short(fp16.tiny), flush=short(fp16.subnormal / 2), max=short(fp16.max)
                ),
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
            editor = QtWidgets.QCheckBox(objectName=f"{camel}Check")
            live(editor, "setText", lambda: localise(setting.label))
            live(editor, "setToolTip", lambda: localise(setting.tip))
            editor.toggled.connect(lambda on, n=name: self._edit(n, on))
            grid.addRow(editor)
        elif setting.kind is str:
            editor = choice_combo(setting, objectName=f"{camel}Combo")
            if setting.other is not None:  # the activation: a formula of one's own too
                editor.addItem(localise(CUSTOM_LABEL), CUSTOM)
                editor.setItemData(
                    editor.count() - 1, localise(CUSTOM_TIP), QtCore.Qt.ItemDataRole.ToolTipRole
                )
            editor.currentIndexChanged.connect(
                lambda _i, n=name, e=editor: self._on_choice(n, e.currentData())
            )
            grid.addRow(QtWidgets.QLabel(), editor)
        elif setting.kind is tuple:
            editor = ListField(setting, objectName=f"{camel}Edit")
            editor.valueEdited.connect(lambda v, n=name: self._edit(n, v))
            editor.problem.connect(self.show_problem)
            grid.addRow(QtWidgets.QLabel(), editor)
        else:
            if setting.slider:
                editor = SettingSlider(setting, f"{camel}Slider", f"{camel}Spin")
            else:
                editor = NumberField(setting, objectName=f"{camel}Spin")
            editor.valueEdited.connect(lambda v, n=name: self._edit(n, v))
            editor.problem.connect(self.show_problem)
            grid.addRow(QtWidgets.QLabel(), editor)
        label = grid.labelForField(editor)
        if label is not None:
            live(label, "setText", lambda: localise(setting.label))
            live(label, "setToolTip", lambda: localise(setting.tip))
        self.editors[name] = editor
        if name == "device":
            self.set_devices(["cpu"])  # until the engine reports what torch finds here
        # the names the rest of the window and its tests use
        attribute = {"depth": "depth_editor", "lr": "lr_slider"}.get(name, f"{name}_editor")
        setattr(self, attribute, editor)

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
                        editor.addItem(_absent(value), value)
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
                f"{localise(it.describe(n_in, n_out, config.gain))}\n{localise(it.note)}",
                QtCore.Qt.ItemDataRole.ToolTipRole,
            )
        init = INITS[config.init]
        combo.setToolTip(
            translate("Controls", "{init}: {gamma}\n{why}").format(
                init=localise(init.label),
                gamma=localise(init.describe(n_in, n_out, config.gain)),
                why=localise(init.note),
            )
        )
        activation = self.editors["activation"]
        activation.setToolTip(
            activation.itemData(activation.currentIndex(), QtCore.Qt.ItemDataRole.ToolTipRole)
        )

    def set_devices(self, present: list[str]) -> None:
        """Offer 'auto' and the devices present here, keeping the current choice."""
        combo = self.editors["device"]
        current = self.state.config.device
        self._devices = list(present)
        labels = BY_NAME["device"].options()
        with blocked(combo):
            combo.clear()
            for d in ["auto", *present]:
                combo.addItem(localise(labels.get(d, d)), d)
            if combo.findData(current) < 0:
                combo.addItem(_absent(current), current)
            select(combo, current)

    @staticmethod
    def _add_formula_item(combo: QtWidgets.QComboBox, text: str) -> None:
        """A formula the config runs, listed above "Custom formula…"."""
        combo.insertItem(combo.findData(CUSTOM), f"f(x) = {text}", text)
        ControlPanel._tip_formula(combo, text)

    @staticmethod
    def _tip_formula(combo: QtWidgets.QComboBox, text: str) -> None:
        combo.setItemData(
            combo.findData(text),
            translate("Controls", "Your formula: f(x) = {formula}\n{note}").format(
                formula=text, note=localise(ACTIVATIONS[text].note)
            ),
            QtCore.Qt.ItemDataRole.ToolTipRole,
        )

    def _language_changed(self) -> None:
        """Words built from the state (combo items, tips, the scenario's sentence) again in
        the language just chosen; the rest follows through `live` bindings."""
        with blocked(*(e for e in self.editors.values() if isinstance(e, QtWidgets.QComboBox))):
            for name, editor in self.editors.items():
                if isinstance(editor, QtWidgets.QComboBox):
                    localise_choices(editor, BY_NAME[name])
            activation = self.editors["activation"]
            activation.setItemText(activation.findData(CUSTOM), localise(CUSTOM_LABEL))
            activation.setItemData(
                activation.findData(CUSTOM),
                localise(CUSTOM_TIP),
                QtCore.Qt.ItemDataRole.ToolTipRole,
            )
            for i in range(activation.count()):
                data = activation.itemData(i)
                if data != CUSTOM and is_formula(data):
                    self._tip_formula(activation, data)
        self.set_devices(self._devices)
        with blocked(self.preset_combo):
            self._title_presets()
        if self._preset is not None:
            self._say_what_to_see(load_presets()[self._preset])
        self._title_run_button()
        self._update_dependent(self.state.config)

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
            self.show_problem(
                translate("Controls", "{setting}: {reason}").format(
                    setting=localise(BY_NAME[name].label), reason=localise(exc.reason)
                )
            )
            self.show_config(self.state.config)

    def show_problem(self, message: str) -> None:
        self.message.setText(f"⚠ {message}")
        self.message.show()
        self._message_timer.start()
        self.problem.emit(message)

    def set_config(self, config: LabConfig) -> None:
        """Apply `config` (presets, loaded sessions, resets) through the state model."""
        self.state.set_config(config)


def _absent(device: str) -> str:
    """A device the config names that is not present here, as the device list shows it."""
    return translate("Controls", "{device} (not found here)").format(device=device)
