"""A layout that lays its widgets out in a row and wraps them onto the next line when
the row is too narrow, so a panel in a narrow dock stacks its controls instead of
scrolling sideways (Qt has no such layout built in; this follows its Flow Layout example).
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets


class FlowLayout(QtWidgets.QLayout):
    """Left to right, wrapping; each line's widgets centred on the line's height (or at
    its top: `centred=False`, for text beside a badge)."""

    def __init__(
        self, parent: QtWidgets.QWidget | None = None, spacing: int = 6, centred: bool = True
    ):
        super().__init__(parent)
        self._items: list[QtWidgets.QLayoutItem] = []
        self._gap = spacing
        self._centred = centred
        self.setContentsMargins(0, 0, 0, 0)

    # --------------------------------------------------------------- QLayout's API
    def addItem(self, item: QtWidgets.QLayoutItem) -> None:  # noqa: N802 - Qt's name
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):  # noqa: N802 - Qt's name
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):  # noqa: N802 - Qt's name
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> QtCore.Qt.Orientation:  # noqa: N802 - Qt's name
        return QtCore.Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        return self._arrange(QtCore.QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QtCore.QRect) -> None:  # noqa: N802 - Qt's name
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QtCore.QSize:  # noqa: N802 - Qt's name
        """All on one line."""
        shown = self._shown()
        width = sum(i.sizeHint().width() for i in shown) + self._gap * max(len(shown) - 1, 0)
        height = max((i.sizeHint().height() for i in shown), default=0)
        return self._with_margins(QtCore.QSize(width, height))

    def minimumSize(self) -> QtCore.QSize:  # noqa: N802 - Qt's name
        """One widget a line: as narrow as the widest widget's minimum."""
        size = QtCore.QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        return self._with_margins(size)

    # ------------------------------------------------------------------- placing
    def _shown(self) -> list[QtWidgets.QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]  # hidden widgets: empty

    def _with_margins(self, size: QtCore.QSize) -> QtCore.QSize:
        m = self.contentsMargins()
        return size + QtCore.QSize(m.left() + m.right(), m.top() + m.bottom())

    def _lines(self, width: int) -> list[list[tuple[QtWidgets.QLayoutItem, int]]]:
        """The items of each line with the width each gets (at most the line's); a line's
        last item, if it expands sideways (a wrapped label), takes the rest of the line."""
        lines: list[list[tuple[QtWidgets.QLayoutItem, int]]] = [[]]
        used = 0
        for item in self._shown():
            w = max(min(item.sizeHint().width(), width), item.minimumSize().width())
            if lines[-1] and used + self._gap + w > width:
                lines.append([])
                used = 0
            used += (self._gap if lines[-1] else 0) + w
            lines[-1].append((item, w))
        horizontal = QtCore.Qt.Orientation.Horizontal
        for line in lines:
            if line and line[-1][0].expandingDirections() & horizontal:
                item, w = line[-1]
                line[-1] = (item, max(w, width - sum(v + self._gap for _i, v in line[:-1])))
        return lines

    def _arrange(self, rect: QtCore.QRect, apply: bool) -> int:
        """Place the items in `rect` (when `apply`); the height they take."""
        m = self.contentsMargins()
        inner = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        y = inner.y()
        lines = [line for line in self._lines(max(inner.width(), 1)) if line]
        for n, line in enumerate(lines):
            height = max(_height(item, w) for item, w in line)
            x = inner.x()
            for item, w in line:
                h = min(_height(item, w), height)
                if apply:
                    top = y + (height - h) // 2 if self._centred else y
                    item.setGeometry(QtCore.QRect(x, top, w, h))
                x += w + self._gap
            y += height + (self._gap if n < len(lines) - 1 else 0)
        return y - rect.y() + m.bottom()


def _height(item: QtWidgets.QLayoutItem, width: int) -> int:
    """The height `item` needs at `width` (a word-wrapped label's grows as it narrows)."""
    if item.hasHeightForWidth():
        return item.heightForWidth(width)
    return item.sizeHint().height()
