"""Plots never crop: a pyqtgraph widget narrower than its scene's minimum cuts the scene
off instead of shrinking it (at 1280×720 the gradient plot showed layers 1–16 of 30 and
its title read "Gradients p"). So each shown plot's widget takes its graphics layout's
minimum size as its own, and the window's grid and docks give way to it instead.

A hidden tab's plot asks for nothing: only what is on screen widens its cell.
"""

from __future__ import annotations

import math

import shiboken6
from PySide6 import QtCore, QtWidgets

MIN = QtCore.Qt.SizeHint.MinimumSize
RECHECK_MS = 500  # legends and notes change with the data: look again this often


def scene_minimum(widget) -> QtCore.QSize:
    """The smallest widget size that shows `widget`'s whole graphics layout."""
    hint = widget.ci.effectiveSizeHint(MIN)
    frame = 2 * widget.frameWidth()
    return QtCore.QSize(math.ceil(hint.width()) + frame, math.ceil(hint.height()) + frame)


class PlotFit(QtCore.QObject):
    """Keeps every given pyqtgraph widget at least as large as its scene needs."""

    def __init__(self, parent: QtCore.QObject, widgets):
        super().__init__(parent)
        self.widgets = [w for w in widgets if hasattr(w, "ci")]
        for widget in self.widgets:
            widget.installEventFilter(self)
            widget.ci.geometryChanged.connect(self.request)  # grown past the widget
        self._requested = False
        self.timer = QtCore.QTimer(self, interval=RECHECK_MS)
        self.timer.timeout.connect(self.fit_all)
        self.timer.start()

    def add(self, widget) -> None:
        if hasattr(widget, "ci") and widget not in self.widgets:
            self.widgets.append(widget)
            widget.installEventFilter(self)
            widget.ci.geometryChanged.connect(self.request)
            self.request()

    @QtCore.Slot()
    def request(self) -> None:
        """Fit soon, never inside a resize or show: a minimum set there resizes the widget
        while pyqtgraph is still sizing its view, which then keeps the old size."""
        if not self._requested:
            self._requested = True
            QtCore.QTimer.singleShot(0, self.fit_all)

    @QtCore.Slot()
    def fit_all(self) -> None:
        """Fit every plot still alive (a fit asked for just before a window closed may
        arrive after its plots are gone)."""
        self._requested = False
        if not shiboken6.isValid(self):
            return
        self.widgets = [w for w in self.widgets if shiboken6.isValid(w)]
        for widget in self.widgets:
            self.fit(widget)

    def fit(self, widget) -> None:
        wanted = scene_minimum(widget) if widget.isVisible() else QtCore.QSize(0, 0)
        if widget.minimumSize() != wanted:
            widget.setMinimumSize(wanted)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QtCore.QEvent.Type.Show, QtCore.QEvent.Type.Hide):
            self.request()  # a tab's plot on show; released when hidden
        return False

    def stop(self) -> None:
        self.timer.stop()


def shrinkable(widget: QtWidgets.QWidget, name: str) -> QtWidgets.QScrollArea:
    """`widget` in a scroll area, so the dock that holds it can be narrower than it."""
    scroll = QtWidgets.QScrollArea(objectName=name)
    scroll.setWidget(widget)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
    return scroll


def narrow_combos(widget: QtWidgets.QWidget, chars: int = 10) -> None:
    """Let `widget`'s drop-down lists be narrower than their longest entry (the open
    list still shows it whole), so a panel's width is not set by one long name."""
    for combo in widget.findChildren(QtWidgets.QComboBox):
        if combo.sizeHint().width() <= combo.fontMetrics().averageCharWidth() * (chars + 6):
            continue  # short already
        combo.setSizeAdjustPolicy(
            QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        combo.setMinimumContentsLength(chars)
