"""View → Language: the lab's languages as radio items; a choice switches live and is
remembered for the next launch."""

from __future__ import annotations

from PySide6 import QtGui, QtWidgets

from . import language, settings
from .language import translate


def install_language_menu(window, view_menu: QtWidgets.QMenu) -> QtWidgets.QMenu:
    menu = view_menu.addMenu("")
    menu.setObjectName("languageMenu")
    language.live(menu, "setTitle", lambda: translate("Menus", "&Language"))
    group = QtGui.QActionGroup(menu)
    window.language_actions = {}
    for code, name in language.LANGUAGES.items():
        action = QtGui.QAction(name, menu)  # each language named in itself
        action.setCheckable(True)
        action.setChecked(code == language.current())
        action.setData(code)
        action.triggered.connect(lambda _checked=False, c=code: switch_language(window, c))
        group.addAction(action)
        menu.addAction(action)
        window.language_actions[code] = action
    return menu


def switch_language(window, code: str) -> None:
    """Show the whole window (and later figures) in `code`, now; remember it."""
    try:
        language.set_language(code)
    except (OSError, ValueError) as exc:
        window.show_error(str(exc))
        return
    for c, action in getattr(window, "language_actions", {}).items():
        action.setChecked(c == code)
    if window.remember:
        settings.save_language(code)
    if code == "zh_CN" and (problem := language.cjk_font_problem()):
        window.show_error(problem)
    window.language_changed()
