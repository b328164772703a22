"""A plot's notes in a strip of their own: a row of the plot's GraphicsLayout, under its
legend, whose text wraps at the row's width.

Notes drawn inside the view (TextItems, line labels) overflow and collide with the data
labels — "…activation line holds at initialisation only" over the fp16 label — and a
label wrapped at a guessed number of characters still pins the layout wider than a small
window: pyqtgraph's LabelItem makes its text's width the layout's minimum, so the plot is
cropped instead of shrunk. Here the strip asks for no width at all and takes the height
its text needs at the width it is given; it lives in the plot's scene, so exported
figures (which paint the scene) carry it too.
"""

from __future__ import annotations

import html

import pyqtgraph as pg
import shiboken6
from PySide6 import QtCore, QtGui, QtWidgets

FONT_PT = 8.5
PAD = 2  # pixels above and below the text


class NoteStrip(pg.GraphicsWidget):
    """Word-wrapped plain text, as wide as its layout cell, as high as the text."""

    def __init__(self, parent=None, font_pt: float = FONT_PT, centred: bool = False):
        super().__init__(parent)
        self.setObjectName("noteStrip")
        self.centred = centred
        self.item = QtWidgets.QGraphicsTextItem(self)
        font = QtGui.QFont(self.item.font())
        font.setPointSizeF(font_pt)
        self.item.setFont(font)
        self.item.document().setDocumentMargin(0)
        self.item.setPos(0, PAD)
        self.plain = ""
        self._colour = "#303030"
        self._height = 0.0
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Fixed)
        self._fit()

    def set_note(self, plain: str, colour: str | None = None) -> None:
        """Show `plain` (lines split at newlines); an empty note takes no height."""
        if colour is not None:
            self._colour = colour
        self.plain = plain
        lines = [html.escape(line) for line in plain.split("\n") if line.strip()]
        align = " align='center'" if self.centred else ""
        body = "<br>".join(lines)
        self.item.setHtml(f"<div{align} style='color: {self._colour}'>{body}</div>")
        self._fit()

    def set_colour(self, colour: str) -> None:
        self.set_note(self.plain, colour)

    def set_point_size(self, pt: float) -> None:
        """Draw the text at `pt` points (presentation mode's large type), refitted."""
        font = QtGui.QFont(self.item.font())
        font.setPointSizeF(pt)
        self.item.setFont(font)
        self._fit()

    def text_rect(self) -> QtCore.QRectF:
        """Where the text is drawn, in scene coordinates (empty when there is none)."""
        if not self.plain.strip():
            return QtCore.QRectF()
        return self.item.mapRectToScene(self.item.boundingRect())

    # ----- geometry -------------------------------------------------------------------
    def _fit(self) -> None:
        width = max(self.size().width(), 40.0)
        self.item.setTextWidth(width)
        height = self.item.boundingRect().height() + 2 * PAD if self.plain.strip() else 0.0
        if abs(height - self._height) > 0.5:
            self._height = height
            self.setMinimumHeight(height)
            self.setMaximumHeight(height)
            self.updateGeometry()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    def sizeHint(self, which, constraint=None) -> QtCore.QSizeF:  # noqa: N802
        if which == QtCore.Qt.SizeHint.MaximumSize:
            return QtCore.QSizeF(1e6, self._height)
        return QtCore.QSizeF(0, self._height)

    def paint(self, *args) -> None:  # the text item paints itself
        pass


class KeepApart(QtCore.QObject):
    """Reference lines' labels inside a view, shown only where they fit: after every
    resize or range change, each label (in order of priority) is hidden while it would
    overlap one already shown or stick out of the view — at a small size the fp16 max,
    smallest normal and subnormal labels would otherwise print over each other."""

    def __init__(self, view: pg.ViewBox, labels: list, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self.view, self.labels = view, labels
        self._timer = QtCore.QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.arrange)
        view.sigResized.connect(self._timer.start)
        view.sigRangeChanged.connect(self._timer.start)
        view.sigTransformChanged.connect(self._timer.start)  # the layout settled later
        for label in labels:
            keep_inside(label, view)

    def arrange_soon(self) -> None:
        """Arrange once the view has taken its new range (labels moved or retexted)."""
        self._timer.start()

    def shown(self) -> list:
        return [label for label in self.labels if label.isVisible()]

    @QtCore.Slot()
    def arrange(self) -> None:
        if not shiboken6.isValid(self.view):  # the plot was closed before the timer fired
            return
        area = self.view.sceneBoundingRect()
        kept: list[QtCore.QRectF] = []
        for label in self.labels:
            if not label.parentItem().isVisible():
                continue
            label.setVisible(True)  # places it for the current view…
            if hasattr(label, "updateTransform"):
                label.updateTransform(force=True)  # …and scales it (a hidden one is stale)
            rect = label.sceneBoundingRect()
            fits = area.contains(rect) and not any(rect.intersects(k) for k in kept)
            label.setVisible(fits)
            if fits:
                kept.append(rect)


def keep_inside(label, view: pg.ViewBox) -> None:
    """A line's label that may sit on either side of its line (an InfLineLabel with two
    anchors) takes the side where it lies inside `view`, each time pyqtgraph places it:
    pyqtgraph picks the side by which half of the view the line is in, which put "healthy
    ≈ −3" under its line at the bottom edge, cut by the axis, and a CJK font's taller
    line no longer fitted above a line near the top. A figure painted right after a
    resize is placed too, without waiting for `KeepApart.arrange`."""
    sides: list[QtCore.QPointF] = []
    for anchor in getattr(label, "anchors", []):
        point = QtCore.QPointF(*anchor)
        if point not in sides:
            sides.append(point)
    if len(sides) < 2 or not hasattr(label, "updatePosition"):
        return
    place = label.updatePosition

    def inside() -> bool:
        if hasattr(label, "updateTransform"):
            label.updateTransform(force=True)  # its scale for the current view
        return view.sceneBoundingRect().contains(label.sceneBoundingRect())

    def update_position() -> None:
        place()  # pyqtgraph's side
        if not shiboken6.isValid(view) or inside():
            return
        chosen = QtCore.QPointF(label.anchor)
        for side in sides:
            if side != chosen:
                label.setAnchor(side)
                if inside():
                    return
        label.setAnchor(chosen)  # neither fits: KeepApart hides it

    label.updatePosition = update_position
