"""What of a widget a figure shows, and at what shape.

A slide wants 16:9 or 4:3, and a plot stretched to it would have oval markers and
squashed text, so a figure of a chosen shape is laid out at that shape instead: the
widget is resized (keeping its area, so text keeps its share of the figure), its axes
and legends settle to the new size, it is painted, and it is put back. The window's
plots live in layouts; a resize there holds until the layout next applies itself, which
the export does not wait for, and the old size is restored at once afterwards.
"""

from __future__ import annotations

import contextlib
import math

import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

PAD = 8  # logical pixels around a composite's plots: its edges touch their text
MIN_LAYOUT = (480, 300)  # logical pixels: below this a plot's axes crowd its data


def plot_parts(widget: QtWidgets.QWidget) -> list[tuple[QtWidgets.QWidget, QtCore.QPoint]]:
    """The plots (and text labels) of a widget with their offsets; no buttons, tabs or
    spin boxes, which mean nothing on a slide."""
    if isinstance(widget, pg.GraphicsView):
        return [(widget, QtCore.QPoint(0, 0))]
    parts = []
    for child in widget.findChildren(QtWidgets.QWidget):
        is_plot = isinstance(child, pg.GraphicsView)
        is_text = isinstance(child, QtWidgets.QLabel) and bool(child.text())
        if (is_plot or is_text) and child.isVisibleTo(widget):
            parts.append((child, child.mapTo(widget, QtCore.QPoint(0, 0))))
    return parts


def parts_rect(widget: QtWidgets.QWidget, parts) -> QtCore.QRect:
    """The rectangle of `widget` that its plot parts cover (with a margin for a composite)."""
    rect = QtCore.QRect()
    for part, offset in parts:
        rect = rect.united(QtCore.QRect(offset, part.size()))
    if rect.isEmpty():
        return widget.rect()
    if not isinstance(widget, pg.GraphicsView):
        rect = rect.adjusted(-PAD, -PAD, PAD, PAD)
    return rect


def logical_shape(widget: QtWidgets.QWidget, ratio: float, band: int) -> QtCore.QSize:
    """A logical size of aspect `ratio` (width : height, a caption band of `band` px
    included) with the area the figure of `widget` has now, never under `MIN_LAYOUT`."""
    rect = parts_rect(widget, plot_parts(widget))
    area = max(1, rect.width()) * max(1, rect.height() + band)
    width = max(MIN_LAYOUT[0], math.ceil(MIN_LAYOUT[1] * ratio), round(math.sqrt(area * ratio)))
    return QtCore.QSize(width, max(1, round(width / ratio)))


def settle(widget: QtWidgets.QWidget) -> None:
    """Let the widget's plots lay themselves out: pyqtgraph sizes an axis to its tick
    labels while painting, then lays out again, so paint, process, paint."""
    for _ in range(2):
        QtWidgets.QApplication.processEvents()
        widget.grab()
    QtWidgets.QApplication.processEvents()


@contextlib.contextmanager
def shaped(widget: QtWidgets.QWidget, width_px: int | None, height_px: int | None, band: int):
    """Yield the figure's logical size for a `width_px` × `height_px` figure, with
    `widget` laid out so its plots fill it (less the caption `band`); the widget gets
    its size back afterwards. With a side unknown the figure keeps its own shape: None."""
    if width_px is None or height_px is None:
        yield None
        return
    shape = logical_shape(widget, width_px / height_px, band)
    rect = parts_rect(widget, plot_parts(widget))
    beyond = widget.size() - rect.size()  # what the widget has around its plots
    target = QtCore.QSize(shape.width(), shape.height() - band) + beyond
    old = widget.size()
    try:
        if old != target:
            for _ in range(2):  # a layout may have put it back while events ran
                widget.resize(target)
                given = widget.size()  # less where a minimum or maximum size holds
                settle(widget)
                if widget.size() == given:
                    break
        yield shape
    finally:
        widget.resize(old)
        parent = widget.parentWidget()
        if parent is not None and parent.layout() is not None:
            parent.layout().invalidate()  # the layout places it again as it sees fit
