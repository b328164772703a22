"""The export dialog's shape and size boxes: aspect, width (a preset or typed), height.

With a fixed aspect the width and the height follow each other, so what is shown is
always what will be written; with the free aspect the height may say "auto" (the plot's
own shape) or a number (exactly width × height). Values the program writes into a box
are written with its signals blocked, so they never come back as a user's change.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from engine.figures import ASPECTS, MAX_HEIGHT, MAX_WIDTH, MIN_HEIGHT, MIN_WIDTH
from engine.words import QT_TRANSLATE_NOOP

from .language import live, localise, on_change, translate

WIDTHS = (
    (QT_TRANSLATE_NOOP("ExportDialog", "1920 px (Full HD slide)"), 1920),
    (QT_TRANSLATE_NOOP("ExportDialog", "3840 px (4K)"), 3840),
    (QT_TRANSLATE_NOOP("ExportDialog", "custom"), None),
)
PRESET_WIDTHS = tuple(width for _label, width in WIDTHS if width is not None)
ASPECT_LABELS = {  # engine.figures.ASPECTS
    "16:9": QT_TRANSLATE_NOOP("ExportDialog", "16:9 (widescreen slide)"),
    "4:3": QT_TRANSLATE_NOOP("ExportDialog", "4:3 (classic slide)"),
    "1:1": QT_TRANSLATE_NOOP("ExportDialog", "1:1 (square)"),
    "auto": QT_TRANSLATE_NOOP("ExportDialog", "free (the plot's own shape, or width × height)"),
}
AUTO_HEIGHT = MIN_HEIGHT - 1  # the height box's "auto": the shape decides


def select(combo: QtWidgets.QComboBox, data) -> None:
    index = combo.findData(data)
    if index >= 0:
        combo.setCurrentIndex(index)


class SizeBoxes(QtCore.QObject):
    """The four boxes and the rules that keep them consistent; `aspect_chosen` says
    whether the user picked the aspect (then the figure no longer sets it)."""

    def __init__(self, parent: QtWidgets.QWidget):
        super().__init__(parent)
        self.aspect_combo = QtWidgets.QComboBox(objectName="exportAspectCombo")
        for name in ASPECTS:
            self.aspect_combo.addItem(localise(ASPECT_LABELS[name]), name)
        live(
            self.aspect_combo,
            "setToolTip",
            lambda: translate(
                "ExportDialog",
                "The figure's shape, caption included. It is laid out at that shape, not "
                "stretched; text and lines grow with the size.",
            ),
        )
        self.width_combo = QtWidgets.QComboBox(objectName="exportWidthCombo")
        for label, width in WIDTHS:
            self.width_combo.addItem(localise(label), width)
        self.width_spin = QtWidgets.QSpinBox(objectName="exportWidthSpin")
        self.width_spin.setRange(MIN_WIDTH, MAX_WIDTH)
        self.width_spin.setSuffix(" px")
        self.height_spin = QtWidgets.QSpinBox(objectName="exportHeightSpin")
        self.height_spin.setRange(AUTO_HEIGHT, MAX_HEIGHT)
        live(self.height_spin, "setSpecialValueText", lambda: translate("ExportDialog", "auto"))
        self.height_spin.setSuffix(" px")
        live(
            self.height_spin,
            "setToolTip",
            lambda: translate(
                "ExportDialog",
                "Height in pixels: with a fixed aspect it sets the width. 'auto': the plot's "
                "own shape decides (free aspect).",
            ),
        )
        on_change(self, self._retranslate)
        self.aspect_chosen = False
        self.width_combo.currentIndexChanged.connect(self._on_width_preset_changed)
        self.width_spin.valueChanged.connect(self._on_width_value_changed)
        self.height_spin.valueChanged.connect(self._on_height_value_changed)
        self.aspect_combo.currentIndexChanged.connect(self._on_aspect_changed)
        self.aspect_combo.activated.connect(self._on_aspect_activated)

    def _retranslate(self) -> None:
        """The combos' item texts in the current language (their data stay the values)."""
        for i in range(self.aspect_combo.count()):
            self.aspect_combo.setItemText(i, localise(ASPECT_LABELS[self.aspect_combo.itemData(i)]))
        for i, (label, _width) in enumerate(WIDTHS):
            self.width_combo.setItemText(i, localise(label))

    def width_row(self) -> QtWidgets.QHBoxLayout:
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.width_combo, 1)
        row.addWidget(self.width_spin)
        return row

    def values(self) -> dict:
        height = self.height_spin.value()
        return {
            "width_px": self.width_spin.value(),
            "aspect": self.aspect_combo.currentData(),
            "height_px": None if height == AUTO_HEIGHT else height,
        }

    def apply(self, aspect: str, width_px: int, height_px: int | None) -> None:
        """Show these choices (as `values` gave them)."""
        select(self.aspect_combo, aspect)
        self._show_width(width_px)
        if height_px is not None or ASPECTS[aspect] is None:
            self._show_height(height_px)

    def follow(self, aspect: str) -> None:
        """The figure's own default aspect, unless the user has picked one."""
        if not self.aspect_chosen:
            select(self.aspect_combo, aspect)

    # ------------------------------------------------------------------ internals
    def _ratio(self) -> tuple[int, int] | None:
        return ASPECTS[self.aspect_combo.currentData()]

    def _show_width(self, width: int) -> None:
        """`width` in the boxes (a preset's name if it is one), without echo."""
        preset = width if width in PRESET_WIDTHS else None
        with QtCore.QSignalBlocker(self.width_combo), QtCore.QSignalBlocker(self.width_spin):
            select(self.width_combo, preset)
            self.width_spin.setValue(width)
        self.width_spin.setEnabled(preset is None)
        self._on_width_value_changed()

    def _show_height(self, height: int | None) -> None:
        with QtCore.QSignalBlocker(self.height_spin):
            self.height_spin.setValue(AUTO_HEIGHT if height is None else height)

    def _on_width_preset_changed(self) -> None:
        preset = self.width_combo.currentData()
        self.width_spin.setEnabled(preset is None)
        if preset is not None:
            self.width_spin.setValue(preset)

    def _on_width_value_changed(self) -> None:
        ratio = self._ratio()
        if ratio is not None:
            self._show_height(round(self.width_spin.value() * ratio[1] / ratio[0]))

    def _on_height_value_changed(self) -> None:
        ratio, height = self._ratio(), self.height_spin.value()
        if ratio is None:
            return  # free: exactly width × height, or "auto"
        if height == AUTO_HEIGHT:  # a fixed shape always has a height: the width's
            self._on_width_value_changed()
            return
        width = min(MAX_WIDTH, max(MIN_WIDTH, round(height * ratio[0] / ratio[1])))
        preset = width if width in PRESET_WIDTHS else None
        with QtCore.QSignalBlocker(self.width_combo), QtCore.QSignalBlocker(self.width_spin):
            select(self.width_combo, preset)
            self.width_spin.setValue(width)
        self.width_spin.setEnabled(preset is None)

    def _on_aspect_changed(self) -> None:
        if self._ratio() is None:
            self._show_height(None)  # free: the plot's own shape, unless a height is typed
        else:
            self._on_width_value_changed()

    def _on_aspect_activated(self) -> None:
        self.aspect_chosen = True
