"""A dialog's file row: a path field that takes the room, and its Browse… button.

The figure and the animation dialogs ask for a file the same way; the caller keeps its
own words (a placeholder naming its formats, the button's text) in its own translation
context and connects the button to its own file dialog.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtWidgets

from .language import live


def file_row(
    prefix: str, placeholder: Callable[[], str], browse_text: Callable[[], str]
) -> tuple[QtWidgets.QLineEdit, QtWidgets.QPushButton, QtWidgets.QHBoxLayout]:
    """The field `<prefix>PathEdit`, the button `<prefix>BrowseButton` and the row that
    holds them, with texts that follow the language."""
    edit = QtWidgets.QLineEdit(objectName=f"{prefix}PathEdit")
    live(edit, "setPlaceholderText", placeholder)
    browse = QtWidgets.QPushButton(objectName=f"{prefix}BrowseButton")
    live(browse, "setText", browse_text)
    row = QtWidgets.QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(browse)
    return edit, browse, row
