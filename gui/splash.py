"""A splash screen painted within a second of launch, before the heavy imports.

`python main.py` imports pyqtgraph and the window's modules and builds the window (about
half a second on a 2-core machine) before the main window can paint; until then nothing
would be on screen.
This module needs only PySide6's widgets: `main.py` shows the splash right after it has
started the engine's forkserver, and the app closes it when the main window appears
(`finish`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from . import timing

_splash: QtWidgets.QLabel | None = None


def _pixmap() -> QtGui.QPixmap:
    pixmap = QtGui.QPixmap(520, 180)
    pixmap.fill(QtGui.QColor("#FFFFFF"))
    painter = QtGui.QPainter(pixmap)
    painter.setPen(QtGui.QPen(QtGui.QColor("#0072B2"), 3))
    painter.drawRect(1, 1, 517, 177)
    font = painter.font()
    font.setPointSize(22)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QtGui.QColor("#222222"))
    painter.drawText(
        QtCore.QRect(0, 30, 520, 60), QtCore.Qt.AlignmentFlag.AlignCenter, "Stability Lab"
    )
    painter.end()
    return pixmap


def _loading_message(app: QtCore.QCoreApplication) -> str:
    """The line under the name, in the language the window will start in (the one
    chosen last, else the system's). Read here with QtCore alone: `gui.settings` and
    `gui.language` import the engine, and numpy with it, which would delay the splash."""
    store = QtCore.QSettings("StabilityLab", "StabilityLab")  # gui.settings' ORG, APP
    code = store.value("language", None)
    if code is None:  # as gui.language.system_language
        names = [n.lower() for n in QtCore.QLocale.system().uiLanguages()]
        code = next((n for n in names if n.startswith(("zh", "en"))), "en")
    qm = Path(__file__).resolve().parent.parent / "resources" / "i18n" / "stability_lab_zh_CN.qm"
    translator = QtCore.QTranslator()
    chinese = str(code).lower().startswith("zh") and translator.load(str(qm))
    if chinese:
        app.installTranslator(translator)
    try:
        return QtCore.QCoreApplication.translate(
            "Splash", "Loading the numerical engine (PyTorch)…"
        )
    finally:  # the window's translators are gui.language's
        if chinese:
            app.removeTranslator(translator)


def show_splash(message: str | None = None) -> None:
    """Create the QApplication and paint the splash screen now (`message`: the line
    under the name, by default "Loading…" in the window's language).

    A plain frameless label rather than QSplashScreen: QSplashScreen waits up to 1 s for
    the window system to report the window exposed (in `show` and `finish`), and the
    offscreen platform never reports it.
    """
    global _splash
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    if message is None:
        message = _loading_message(app)
    pixmap = _pixmap()
    painter = QtGui.QPainter(pixmap)
    painter.setPen(QtGui.QColor("#555555"))
    painter.drawText(
        QtCore.QRect(0, 120, pixmap.width(), 40), QtCore.Qt.AlignmentFlag.AlignCenter, message
    )
    painter.end()
    flags = (
        QtCore.Qt.WindowType.SplashScreen
        | QtCore.Qt.WindowType.FramelessWindowHint
        | QtCore.Qt.WindowType.WindowStaysOnTopHint
    )
    _splash = QtWidgets.QLabel(None, flags)
    _splash.setObjectName("splash")
    _splash.setPixmap(pixmap)
    _splash.resize(pixmap.size())
    screen = app.primaryScreen()
    if screen is not None:
        _splash.move(screen.availableGeometry().center() - _splash.rect().center())
    _splash.show()
    _splash.repaint()  # painted now: the event loop will not run for a few seconds
    app.processEvents()
    timing.report("window-visible")


def finish(window: QtWidgets.QWidget) -> None:
    """Close the splash screen (if any) once `window` is up."""
    global _splash
    if _splash is not None:
        _splash.close()
        _splash.deleteLater()
        _splash = None
