"""A push button whose text and tooltip follow the language, made in one call."""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtWidgets

from .language import live


def text_button(
    name: str, text: Callable[[], str], tip: Callable[[], str], clicked: Callable | None = None
) -> QtWidgets.QPushButton:
    """The button `name` saying `text()`, with the tooltip `tip()` (both again after a
    language switch), that runs `clicked` when clicked."""
    button = QtWidgets.QPushButton(objectName=name)
    live(button, "setText", text)
    live(button, "setToolTip", tip)
    if clicked is not None:
        button.clicked.connect(clicked)
    return button
