"""Start the application: one QApplication, the main window, the event loop.

With STABILITY_LAB_TIMING=1 the start-up is timed for the benchmark suite: the app
writes `window-visible <s>` (the window's first paint) and `first-frame <s>` (the first
plotted frame) to stderr, in seconds since the process started, then quits.
"""

from __future__ import annotations

import os
import sys
import time

import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from engine import LabConfig

TIMING_ENV = "STABILITY_LAB_TIMING"


def since_process_start() -> float:
    """Seconds since this process started (from /proc on Linux: interpreter start-up
    included); elsewhere, since this module was imported."""
    try:
        with open("/proc/self/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22: starttime
        return time.clock_gettime(time.CLOCK_BOOTTIME) - started
    except (OSError, ValueError, IndexError, AttributeError):
        return time.perf_counter() - _IMPORTED


_IMPORTED = time.perf_counter()


def make_app() -> QtWidgets.QApplication:
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    app.setApplicationName("Stability Lab")
    app.setOrganizationName("StabilityLab")
    pg.setConfigOptions(antialias=False)
    return app


class _StartupTimer(QtCore.QObject):
    """Reports the window's first paint and first plotted frame, then quits the app."""

    def __init__(self, window, app):
        super().__init__(window)
        self.app = app
        self.visible = False
        window.installEventFilter(self)
        window.frameShown.connect(self._on_frame)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if not self.visible and event.type() in (
            QtCore.QEvent.Type.Paint,
            QtCore.QEvent.Type.UpdateRequest,
        ):
            self.visible = True
            print(f"window-visible {since_process_start():.3f}", file=sys.stderr, flush=True)
        return False

    @QtCore.Slot(object)
    def _on_frame(self, _frame) -> None:
        print(f"first-frame {since_process_start():.3f}", file=sys.stderr, flush=True)
        self.parent().frameShown.disconnect(self._on_frame)
        QtCore.QTimer.singleShot(0, self.app.quit)


def run(config: LabConfig | None = None) -> int:
    app = make_app()
    from .main_window import MainWindow

    window = MainWindow(config=config, remember=True)
    if os.environ.get(TIMING_ENV) == "1":
        window._startup_timer = _StartupTimer(window, app)
    window.show()
    return app.exec()
