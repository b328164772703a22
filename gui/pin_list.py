"""The "Pinned runs" box in the controls panel: each pin with its colour, renamed in
place (double-click or F2), removed one by one or all at once."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from engine.pinned import MAX_PINS

from .flow_layout import FlowLayout
from .language import live, localise, on_change, translate
from .pins import PinBoard, PinRefused
from .theme import LIGHT, pin_colour
from .widgets import blocked

KEY_ROLE = QtCore.Qt.ItemDataRole.UserRole


class PinList(QtWidgets.QGroupBox):
    problem = QtCore.Signal(str)  # a refused rename, in one line

    def __init__(self, board: PinBoard, parent=None):
        super().__init__("", parent, objectName="pinBox")
        live(
            self,
            "setTitle",
            lambda: translate("PinList", "Pinned runs (up to {count})").format(count=MAX_PINS),
        )
        self.board = board
        self.theme = LIGHT
        layout = QtWidgets.QVBoxLayout(self)
        self.list = QtWidgets.QListWidget(objectName="pinList")
        live(
            self.list,
            "setToolTip",
            lambda: translate(
                "PinList",
                "Runs kept as ghost lines in the gradient, activation and spectrum plots. "
                "Double-click (or F2) to rename; Delete removes the selected pin.",
            ),
        )
        self.list.setEditTriggers(
            QtWidgets.QAbstractItemView.EditTrigger.DoubleClicked
            | QtWidgets.QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.list.setMaximumHeight(6 * 22 + 6)
        self.list.itemChanged.connect(self._on_item_edited)
        self.list.currentRowChanged.connect(lambda _row: self._enable())
        delete = QtGui.QShortcut(QtGui.QKeySequence.StandardKey.Delete, self.list)
        delete.setContext(QtCore.Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_selected)
        layout.addWidget(self.list)
        buttons = FlowLayout()  # wraps: three buttons in a row widened the controls dock
        self.rename_button = QtWidgets.QPushButton(objectName="pinRenameButton")
        live(self.rename_button, "setText", lambda: translate("PinList", "Rename"))
        live(
            self.rename_button,
            "setToolTip",
            lambda: translate("PinList", "Rename the selected pin (or double-click it)"),
        )
        self.rename_button.clicked.connect(self.rename_selected)
        self.remove_button = QtWidgets.QPushButton(objectName="pinRemoveButton")
        live(self.remove_button, "setText", lambda: translate("PinList", "Remove"))
        live(
            self.remove_button,
            "setToolTip",
            lambda: translate("PinList", "Remove the selected pin (Delete)"),
        )
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button = QtWidgets.QPushButton(objectName="pinClearButton")
        live(self.clear_button, "setText", lambda: translate("PinList", "Clear all"))
        live(self.clear_button, "setToolTip", lambda: translate("PinList", "Remove every pin"))
        self.clear_button.clicked.connect(board.clear)
        for button in (self.rename_button, self.remove_button, self.clear_button):
            buttons.addWidget(button)
        holder = QtWidgets.QWidget()
        holder.setLayout(buttons)
        layout.addWidget(holder)
        board.changed.connect(self.refresh)
        on_change(self, self.refresh)  # default names and tips in the new language
        self.refresh()

    def apply_theme(self, theme) -> None:
        self.theme = theme
        self.refresh()

    def refresh(self) -> None:
        """Show the board: items are updated in place while the same pins are listed
        (a rename arrives while Qt is still inside the edited item), else rebuilt."""
        pins = self.board.pins
        shown = [self.list.item(i).data(KEY_ROLE) for i in range(self.list.count())]
        with blocked(self.list):
            if shown != [pin.key for pin in pins]:
                current = self.selected_key()
                self.list.clear()
                for pin in pins:
                    item = QtWidgets.QListWidgetItem()
                    item.setData(KEY_ROLE, pin.key)
                    item.setFlags(item.flags() | QtCore.Qt.ItemFlag.ItemIsEditable)
                    self.list.addItem(item)
                    if pin.key == current:
                        self.list.setCurrentItem(item)
                if self.list.currentRow() < 0 and self.list.count():
                    self.list.setCurrentRow(self.list.count() - 1)
            for i, pin in enumerate(pins):
                item = self.list.item(i)
                item.setText(pin.label)
                item.setIcon(self._swatch(pin.slot))
                tip = translate("PinList", "{config} (step {step})")
                item.setToolTip(
                    tip.format(config=localise(pin.run.config.label()), step=pin.run.step)
                )
        self.setVisible(bool(self.board.pins))  # nothing to show before the first pin
        self._enable()

    def _swatch(self, slot: int) -> QtGui.QIcon:
        pixmap = QtGui.QPixmap(14, 14)
        pixmap.fill(QtGui.QColor(pin_colour(self.theme, slot)))
        return QtGui.QIcon(pixmap)

    def _enable(self) -> None:
        chosen = self.selected_key() is not None
        self.rename_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)
        self.clear_button.setEnabled(bool(self.board.pins))

    def selected_key(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else item.data(KEY_ROLE)

    def rename_selected(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.list.editItem(item)

    def remove_selected(self) -> None:
        key = self.selected_key()
        if key is not None:
            self.board.remove(key)

    def _on_item_edited(self, item: QtWidgets.QListWidgetItem) -> None:
        try:
            self.board.rename(item.data(KEY_ROLE), item.text())
        except PinRefused as exc:
            self.problem.emit(str(exc))
        self.refresh()  # shows the name the board kept
