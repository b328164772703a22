"""Start the application: one QApplication, the main window, the event loop.

With STABILITY_LAB_TIMING=1 the start-up is timed for the benchmark suite
(`gui/timing.py`): the first paint of the main window and its first plotted frame are
reported on stderr, and the app quits after that frame.
"""

from __future__ import annotations

import sys

import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from engine import LabConfig

from . import settings, splash, timing
from .quit_signals import QuitOnSignals


def make_app() -> QtWidgets.QApplication:
    from .fonts import use_cjk_fallbacks

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    use_cjk_fallbacks(app)  # Chinese in a Simplified Chinese font, after the Latin one
    app.setApplicationName("Stability Lab")
    app.setOrganizationName("StabilityLab")
    pg.setConfigOptions(antialias=False)
    return app


class _StartupTimer(QtCore.QObject):
    """Reports the main window's first paint and first plotted frame, then quits."""

    def __init__(self, window, app):
        super().__init__(window)
        self.app = app
        window.installEventFilter(self)
        window.frameShown.connect(self._on_frame)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QtCore.QEvent.Type.Paint, QtCore.QEvent.Type.UpdateRequest):
            timing.report("main-window-visible")
            timing.report("window-visible")  # when there was no splash screen
        return False

    @QtCore.Slot(object)
    def _on_frame(self, _frame) -> None:
        timing.report("first-frame")
        self.parent().frameShown.disconnect(self._on_frame)
        QtCore.QTimer.singleShot(0, self.app.quit)


def start_language(lang: str | None) -> str | None:
    """Set the language: `--lang`, else the one chosen last, else the system's. Returns a
    problem to show once (no translation file, or no font that draws Chinese)."""
    from . import language

    code = lang or settings.load_language() or language.system_language()
    try:
        language.set_language(code)
    except OSError as exc:
        return str(exc)
    return language.cjk_font_problem() if code == "zh_CN" else None


def run(config: LabConfig | None = None, lang: str | None = None) -> int:
    from .engine_runner import warm_up

    warm_up()  # no-op when main.py has already started it
    app = make_app()
    language_problem = start_language(lang)
    from .main_window import MainWindow

    window = MainWindow(config=config, remember=True)
    if timing.enabled():
        window._startup_timer = _StartupTimer(window, app)
    window.show()
    splash.finish(window)
    if settings.problem:  # the remembered settings could not be read and were reset
        window.show_error(settings.problem)
    elif language_problem:
        window.show_error(language_problem)
    quit_on_signals = QuitOnSignals(app)  # Ctrl+C and SIGTERM close it like File › Quit
    try:
        code = app.exec()
    finally:
        quit_on_signals.uninstall()
    return quit_on_signals.status or code
