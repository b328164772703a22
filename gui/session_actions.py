"""File > Open session… and Save session…: a session file into the window and out of it.

A session holds the settings, the display choices and the pinned runs
(`engine.session`); a file that cannot be read or written is said in one message box,
in the window's language, and the window keeps what it had.
"""

from __future__ import annotations

from PySide6 import QtWidgets

from engine.files import FileProblem
from engine.session import load_session_with_pins, save_session
from engine.words import QT_TRANSLATE_NOOP

from .language import localise, translate

SESSION_FILTER = QT_TRANSLATE_NOOP("Menus", "Stability Lab session (*.json)")


def _problem_text(exc: BaseException) -> str:
    """A file problem as the window says it: the engine's words localised (a marked
    message, when the engine raised one), an OS error as the system wrote it."""
    first = exc.args[0] if len(exc.args) == 1 else None
    return localise(first) if isinstance(first, str) else str(exc)


def open_session(window, path: str | None = None) -> bool:
    if path is None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            window, translate("Menus", "Open session"), "", localise(SESSION_FILTER)
        )
        if not path:
            return False
    try:
        config, display, pins, pin_problem = load_session_with_pins(path)
    except FileProblem as exc:
        QtWidgets.QMessageBox.warning(
            window, translate("Menus", "Cannot open session"), _problem_text(exc)
        )
        return False
    window.set_config(config)
    if pins is not None:  # a session without pins leaves the pinned runs as they are
        window.pins.replace_all(pins)
    if "theme" in display:
        window.apply_theme(display["theme"])
    if "sample_layer" in display:
        window.pick_layer(display["sample_layer"])
    if "spectrum_from_layer" in display:
        window.spectrum_plot.set_from_layer(display["spectrum_from_layer"])
    if pin_problem:  # the rest of the session is loaded: say it once, in the status bar
        window.statusBar().showMessage(f"⚠ {localise(pin_problem)}", 10000)
        return True
    window.statusBar().showMessage(
        translate("Menus", "Opened session {path}").format(path=path), 5000
    )
    return True


def session_display(window) -> dict:
    return window.state.display  # the display choices the state model owns


def save_session_as(window, path: str | None = None) -> bool:
    if path is None:
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            window, translate("Menus", "Save session"), "session.json", localise(SESSION_FILTER)
        )
        if not path:
            return False
    try:
        save_session(path, window.state.config, session_display(window), window.pins.runs())
    except (OSError, FileProblem) as exc:
        QtWidgets.QMessageBox.warning(
            window, translate("Menus", "Cannot save session"), _problem_text(exc)
        )
        return False
    window.statusBar().showMessage(
        translate("Menus", "Saved session {path}").format(path=path), 5000
    )
    return True
