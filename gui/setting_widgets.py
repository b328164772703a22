"""Widgets generated from the settings table, which accept and show what the engine runs.

`NumberField` is a spin box whose text is read by `Setting.parse`, the very function the
command line uses: typed text is taken when the user presses Enter or leaves the box,
never key by key (Qt's own spin boxes turned a typed 5000 into 500 on the way), and text
that is not an allowed value is never turned into another number: the box keeps its last
good value and says why, naming the allowed range. It shows the exact value it holds,
in scientific notation where that is shorter. `ListField` does the same for a list
of integers typed as text. `SettingSlider` adds a slider (logarithmic
for settings that span decades) to a `NumberField`: the slider is a handle, the box the
exact value. Their words (tooltips, refusals, the "off" a box shows) are in the window's
language and follow a switch; typed numbers read the same in every language.
"""

from __future__ import annotations

import math

from PySide6 import QtCore, QtGui, QtWidgets

from engine.settings_table import ConfigError, Setting

from .language import live, localise, on_change, translate
from .widgets import blocked

_ERROR_STYLE = "background: #fde2d6; color: #7a2300;"  # the line edit only: keeps the arrows


class NumberField(QtWidgets.QAbstractSpinBox):
    """An exact number box for one setting; emits `valueEdited` for a new good value and
    `problem` with one line when typed text is refused."""

    valueEdited = QtCore.Signal(object)
    problem = QtCore.Signal(str)

    def __init__(self, setting: Setting, parent=None, objectName: str = ""):
        super().__init__(parent)
        if objectName:
            self.setObjectName(objectName)
        self.setting = setting
        self._value = setting.default
        live(self, "setToolTip", lambda: allowed_tip(setting))
        self.setAccelerated(True)
        self.setKeyboardTracking(False)
        self.setCorrectionMode(QtWidgets.QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)
        self.editingFinished.connect(self._take_text)
        self._show()
        on_change(self, self._show)  # "off" in the new language

    # ----- program side: never emits ---------------------------------------------
    def value(self):
        return self._value

    def setValue(self, value) -> None:
        """Show `value` (checked like a config value) without announcing it."""
        self._value = self.setting.check(value)
        self._clear_problem()
        self._show()

    def text_shown(self) -> str:
        return self.lineEdit().text()

    # ----- user side -------------------------------------------------------------
    def _take_text(self) -> None:
        text = self.lineEdit().text()
        if text == self.setting.format(self._value):
            return
        if self.setting.off is not None and text.strip() == _off_word():
            text = "off"  # the word the box shows for it, in this language
        try:
            value = self.setting.parse(text)
        except ConfigError as exc:
            self._refuse(refusal(self.setting, exc, self.setting.format(self._value)))
            return
        self._commit(value)

    def stepBy(self, steps: int) -> None:
        self._commit(self.setting.stepped(self._value, steps))
        self.selectAll()

    def stepEnabled(self):
        flags = QtWidgets.QAbstractSpinBox.StepEnabledFlag
        s, v = self.setting, self._value
        enabled = flags.StepNone
        if v != s.hi:
            enabled |= flags.StepUpEnabled
        bottom = s.off if s.off is not None else s.lo
        if v != bottom:
            enabled |= flags.StepDownEnabled
        return enabled

    def _commit(self, value) -> None:
        self._clear_problem()
        changed = value != self._value
        self._value = value
        self._show()
        if changed:
            self.valueEdited.emit(value)

    def _refuse(self, message: str) -> None:
        self._show()
        self.lineEdit().setStyleSheet(_ERROR_STYLE)
        self.setProperty("problem", message)
        self.problem.emit(message)

    def _clear_problem(self) -> None:
        if self.property("problem"):
            self.setProperty("problem", "")
            self.lineEdit().setStyleSheet("")

    def _shown(self) -> str:
        s = self.setting
        return _off_word() if s.off is not None and self._value == s.off else s.format(self._value)

    def _show(self) -> None:
        self.lineEdit().setText(self._shown())

    def sizeHint(self) -> QtCore.QSize:
        hint = super().sizeHint()
        width = self.fontMetrics().horizontalAdvance("0.000123") + 36
        return QtCore.QSize(max(hint.width(), width), hint.height())

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        if event.key() == QtCore.Qt.Key.Key_Escape:  # back to the value it holds
            self._clear_problem()
            self._show()
            return
        super().keyPressEvent(event)


class ListField(QtWidgets.QLineEdit):
    """A text box for a list setting ('256' or '256, 1024'; empty: none), read by
    `Setting.parse` like a number box: taken on Enter or when the box is left, refused
    with one line naming what is allowed, the last good value kept."""

    valueEdited = QtCore.Signal(object)
    problem = QtCore.Signal(str)

    def __init__(self, setting: Setting, parent=None, objectName: str = ""):
        super().__init__(parent)
        if objectName:
            self.setObjectName(objectName)
        self.setting = setting
        self._value = setting.default
        live(self, "setToolTip", lambda: allowed_tip(setting))
        live(self, "setPlaceholderText", lambda: translate("Controls", "every layer: Width"))
        self.editingFinished.connect(self._take_text)
        self._show()

    def value(self):
        return self._value

    def setValue(self, value) -> None:
        """Show `value` (checked like a config value) without announcing it."""
        self._value = self.setting.check(value)
        self._clear_problem()
        self._show()

    def text_shown(self) -> str:
        return self.text()

    def lineEdit(self) -> QtWidgets.QLineEdit:  # noqa: N802 - as a spin box names it
        """The line edit typed into: itself (a number box's is inside it)."""
        return self

    def _take_text(self) -> None:
        text = self.text()
        if text == self.setting.format(self._value):
            return
        try:
            value = self.setting.parse(text)
        except ConfigError as exc:
            self._show()
            self.setStyleSheet(_ERROR_STYLE)
            kept = self.setting.format(self._value) or translate("Controls", "none")
            message = refusal(self.setting, exc, kept)
            self.setProperty("problem", message)
            self.problem.emit(message)
            return
        self._clear_problem()
        changed = value != self._value
        self._value = value
        self._show()
        if changed:
            self.valueEdited.emit(value)

    def _clear_problem(self) -> None:
        if self.property("problem"):
            self.setProperty("problem", "")
            self.setStyleSheet("")

    def _show(self) -> None:
        self.setText(self.setting.format(self._value))

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        if event.key() == QtCore.Qt.Key.Key_Escape:  # back to the value it holds
            self._clear_problem()
            self._show()
            return
        super().keyPressEvent(event)


class SettingSlider(QtWidgets.QWidget):
    """A slider (logarithmic when the setting spans decades) beside an exact box."""

    valueEdited = QtCore.Signal(object)
    POSITIONS = 300

    def __init__(self, setting: Setting, slider_name: str, field_name: str, parent=None):
        super().__init__(parent)
        self.setting = setting
        self.slider = QtWidgets.QSlider(QtCore.Qt.Orientation.Horizontal, objectName=slider_name)
        self.slider.setRange(0, self.POSITIONS)
        self.slider.setPageStep(self.POSITIONS // 10)
        self.field = NumberField(setting, objectName=field_name)
        live(self.slider, "setToolTip", lambda: allowed_tip(setting))
        lay = QtWidgets.QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.slider, 1)
        lay.addWidget(self.field)
        self.slider.valueChanged.connect(self._on_slider)
        self.field.valueEdited.connect(self._on_field)
        self.problem = self.field.problem
        self.setValue(setting.default)

    def value(self):
        return self.field.value()

    def setValue(self, value) -> None:
        self.field.setValue(value)
        with blocked(self.slider):
            self.slider.setValue(self.position_of(self.field.value()))

    def position_of(self, value) -> int:
        s = self.setting
        if s.off is not None and value == s.off:
            return 0
        if s.log:
            fraction = math.log(value / s.lo) / math.log(s.hi / s.lo)
        else:
            fraction = (value - s.lo) / (s.hi - s.lo)
        return round(fraction * self.POSITIONS)

    def value_at(self, position: int):
        s = self.setting
        fraction = position / self.POSITIONS
        value = s.lo * (s.hi / s.lo) ** fraction if s.log else s.lo + (s.hi - s.lo) * fraction
        if s.kind is int:
            return min(max(int(round(value)), int(s.lo)), int(s.hi))
        return min(max(float(f"{value:.{max(1, s.decimals)}g}"), s.lo), s.hi)

    def _on_slider(self, position: int) -> None:
        value = self.value_at(position)
        if value != self.field.value():
            self.field.setValue(value)
            self.valueEdited.emit(value)

    def _on_field(self, value) -> None:
        with blocked(self.slider):
            self.slider.setValue(self.position_of(value))
        self.valueEdited.emit(value)


def allowed_tip(setting: Setting) -> str:
    """A box's tooltip: what the setting does and what it allows."""
    return translate("Controls", "{tip}\nAllowed: {allowed}").format(
        tip=localise(setting.tip), allowed=localise(setting.allowed())
    )


def refusal(setting: Setting, exc: ConfigError, kept: str) -> str:
    """The one line a box says when it refuses typed text, keeping `kept`."""
    return translate("Controls", "{setting}: {reason}; kept {kept}").format(
        setting=localise(setting.label), reason=localise(exc.reason), kept=kept
    )


def _off_word() -> str:
    return translate("Controls", "off")


def choice_combo(setting: Setting, objectName: str = "") -> QtWidgets.QComboBox:
    """A combo box of the setting's choices (the item data: the values), with their
    labels and tooltips in the window's language (`localise_choices` after a switch)."""
    combo = QtWidgets.QComboBox(objectName=objectName)
    for value in setting.options():
        combo.addItem("", value)
    localise_choices(combo, setting)
    combo.setToolTip(localise(setting.tip))
    return combo


def localise_choices(combo: QtWidgets.QComboBox, setting: Setting) -> None:
    """Write the setting's choice labels, tips and its tooltip into `combo` in the current
    language; items of values that are not choices (a formula) keep theirs."""
    options = setting.options()
    tips = setting.choice_tips() if setting.choice_tips else {}
    for i in range(combo.count()):
        value = combo.itemData(i)
        if value in options:
            combo.setItemText(i, localise(options[value]))
            if value in tips:
                combo.setItemData(i, localise(tips[value]), QtCore.Qt.ItemDataRole.ToolTipRole)
    combo.setToolTip(localise(setting.tip))


def select(combo: QtWidgets.QComboBox, data) -> None:
    index = combo.findData(data)
    if index >= 0:
        combo.setCurrentIndex(index)
