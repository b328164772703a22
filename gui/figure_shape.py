"""What of a widget a figure shows, and at what shape.

A slide wants 16:9 or 4:3, and a plot stretched to it would have oval markers and
squashed text, so a figure of a chosen shape is laid out at that shape instead: the
widget is resized (keeping its area, so text keeps its share of the figure), its axes
and legends settle to the new size, it is painted, and it is put back. In the window the
plot's layout is paused meanwhile: a plot's minimum size changing with its legend would
make it place the plot back mid-export. (The window cannot be frozen instead: with its
updates disabled Qt renders the plots blank.)
"""

from __future__ import annotations

import contextlib
import math

import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

PAD = 8  # logical pixels around a composite's plots: its edges touch their text
MIN_LAYOUT = (480, 300)  # logical pixels: below this a plot's axes crowd its data
# The least area a shaped figure gets, in logical pixels: one plot's and several plots'
# (the dashboard) as the command line lays them out (gui/figure_builder.py),
# so a plot squeezed on screen still makes a slide with room for its data.
PLOT_AREA, COMPOSITE_AREA = 1000 * 640, 1600 * 1000


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


def _minimum(widget: QtWidgets.QWidget) -> QtCore.QSize:
    """The least size that shows all of `widget`: its scene's for a plot (a smaller view
    crops it), its layout's for a composite."""
    if isinstance(widget, pg.GraphicsView) and hasattr(widget, "ci"):
        hint = widget.ci.effectiveSizeHint(QtCore.Qt.SizeHint.MinimumSize)
        return QtCore.QSize(math.ceil(hint.width()), math.ceil(hint.height()))
    return widget.minimumSizeHint().expandedTo(widget.minimumSize())


def logical_shape(widget: QtWidgets.QWidget, ratio: float, band: int) -> QtCore.QSize:
    """A logical size of aspect `ratio` (width : height, a caption band of `band` px
    included) with the area the figure of `widget` has now — at least `PLOT_AREA` or
    `COMPOSITE_AREA` — and room for everything in it."""
    parts = plot_parts(widget)
    rect = parts_rect(widget, parts)
    area = max(1, rect.width()) * max(1, rect.height() + band)
    views = sum(isinstance(part, pg.GraphicsView) for part, _ in parts)
    area = max(area, COMPOSITE_AREA if views > 1 else PLOT_AREA)
    least = _minimum(widget).expandedTo(QtCore.QSize(*MIN_LAYOUT))
    width = max(least.width(), math.ceil((least.height() + band) * ratio))
    width = max(width, round(math.sqrt(area * ratio)))
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
    old, least = widget.size(), widget.minimumSize()  # a minimum may follow the shape
    with _held_in_place(widget):
        try:
            if old != target:
                for _ in range(2):  # something may have put it back while events ran
                    widget.resize(target)
                    given = widget.size()  # less where a minimum or maximum size holds
                    settle(widget)
                    if widget.size() == given:
                        break
            yield shape
        finally:
            widget.setMinimumSize(least)
            widget.resize(old)


@contextlib.contextmanager
def _held_in_place(widget: QtWidgets.QWidget):
    """What would size `widget` while events run — its parent's layout, a scroll area
    fitting it to its viewport — paused, then let go to place it as it sees fit. (A
    layout whose plot's minimum changes with its legend would put it back mid-export.)"""
    parent = widget.parentWidget()  # held: PySide drops a layout got through a temporary
    holder = parent.layout() if parent is not None else None
    enabled = holder is not None and holder.isEnabled()
    scroll = parent.parentWidget() if parent is not None else None
    fitting = isinstance(scroll, QtWidgets.QScrollArea) and scroll.widget() is widget
    fitting = fitting and scroll.widgetResizable()
    if enabled:
        holder.setEnabled(False)
    if fitting:
        scroll.setWidgetResizable(False)
    try:
        yield
    finally:
        if fitting:
            scroll.setWidgetResizable(True)
        if enabled:
            holder.setEnabled(True)
            holder.invalidate()
