"""Small reusable widgets and helpers for the control panel."""

from __future__ import annotations

import math
from contextlib import contextmanager

from PySide6 import QtCore, QtWidgets


@contextmanager
def blocked(*objects: QtCore.QObject):
    """Block the signals of `objects` while the program writes into them."""
    previous = [o.blockSignals(True) for o in objects]
    try:
        yield
    finally:
        for o, was in zip(objects, previous, strict=True):
            o.blockSignals(was)


class LogSlider(QtWidgets.QWidget):
    """A horizontal slider over [lo, hi] on a log scale, showing its value."""

    valueChanged = QtCore.Signal(float)
    STEPS_PER_DECADE = 20

    def __init__(self, lo: float, hi: float, parent=None, objectName: str = ""):
        super().__init__(parent)
        if objectName:
            self.setObjectName(objectName)
        self._lo, self._hi = math.log10(lo), math.log10(hi)
        self.slider = QtWidgets.QSlider(QtCore.Qt.Orientation.Horizontal)
        self.slider.setRange(0, round((self._hi - self._lo) * self.STEPS_PER_DECADE))
        self.label = QtWidgets.QLabel()
        self.label.setMinimumWidth(52)
        lay = QtWidgets.QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.slider, 1)
        lay.addWidget(self.label)
        self.slider.valueChanged.connect(self._on_moved)
        self._on_moved(self.slider.value(), emit=False)

    def value(self) -> float:
        return float(f"{10 ** (self._lo + self.slider.value() / self.STEPS_PER_DECADE):.3g}")

    def setValue(self, value: float) -> None:
        pos = round((math.log10(value) - self._lo) * self.STEPS_PER_DECADE)
        with blocked(self.slider):
            self.slider.setValue(pos)
        self.label.setText(f"{value:.3g}")

    def setToolTip(self, text: str) -> None:
        super().setToolTip(text)
        self.slider.setToolTip(text)

    def _on_moved(self, _pos: int, emit: bool = True) -> None:
        self.label.setText(f"{self.value():.3g}")
        if emit:
            self.valueChanged.emit(self.value())
