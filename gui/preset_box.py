"""The control panel's Scenario box: the lesson's presets, and what to see in each.

A part of `ControlPanel` (gui/controls.py), kept in a module of its own: the box's
widgets stay the panel's attributes (`preset_combo`, `preset_text`), as the window and
its tests address them, and a scenario is applied through the panel's state model.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from engine.presets import load_presets

from .language import live, localise, translate
from .setting_widgets import select
from .widgets import blocked


class PresetBox:
    """ControlPanel's scenario list: building it, choosing from it, forgetting it."""

    # ----- building ---------------------------------------------------------------
    def _preset_box(self):
        box = QtWidgets.QGroupBox()
        live(box, "setTitle", lambda: translate("Controls", "Scenario"))
        lay = QtWidgets.QVBoxLayout(box)
        self.preset_combo = QtWidgets.QComboBox(objectName="presetCombo")
        self.preset_combo.addItem("", "")
        for p in load_presets().values():
            self.preset_combo.addItem(p.title, p.name)
        self._title_presets()
        live(
            self.preset_combo,
            "setToolTip",
            lambda: translate("Controls", "Apply one of the lesson's scenarios (N: next scenario)"),
        )
        self.preset_combo.activated.connect(self._on_preset_chosen)
        self.preset_text = QtWidgets.QLabel("", wordWrap=True, objectName="presetText")
        self.preset_text.setStyleSheet(  # the sentence a student reads: full contrast
            "color: palette(window-text); background: palette(base); padding: 4px;"
        )
        self.preset_text.hide()  # until a scenario is chosen
        lay.addWidget(self.preset_combo)
        lay.addWidget(self.preset_text)
        return box

    def _title_presets(self) -> None:
        """The scenario list's words in the current language (the values stay names)."""
        combo, presets = self.preset_combo, load_presets()
        combo.setItemText(0, translate("Controls", "— choose a lesson scenario —"))
        for i in range(1, combo.count()):
            preset = presets[combo.itemData(i)]
            combo.setItemText(i, localise(preset.title))
            combo.setItemData(i, localise(preset.see), QtCore.Qt.ItemDataRole.ToolTipRole)

    # ----- view → model ------------------------------------------------------------
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
        self._say_what_to_see(preset)
        self.preset_text.show()
        self.set_running(True)  # a scenario is something to watch: a paused one starts
        self.presetApplied.emit(name)

    def _say_what_to_see(self, preset) -> None:
        self.preset_text.setText(
            translate("Controls", "<b>What you should see:</b> {see}").format(
                see=localise(preset.see)
            )
        )

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
