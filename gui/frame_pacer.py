"""When the window pulls the engine's news: as it arrives, at most at the display's rate.

A fixed 30 Hz pull timer made every frame wait half a tick on average (~16 ms of a
~45 ms change → frame). Instead the runner's receiver thread wakes the GUI thread when
something new waits (`notify`, thread-safe: a signal of this GUI-thread object, queued),
at most once until the GUI has pulled again, so a fast engine never floods the event
loop. A wake-up pulls at once when the last frame was drawn at least one display
interval ago, else when that interval is up: the newest frame is drawn, the ones in
between were dropped by the runner. A new config's first frame, the one a user waits
for after a change, is pulled at once.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Callable

from PySide6 import QtCore, QtGui

MAX_FRAME_HZ = 60.0  # no monitor shows more of a plot that changes every step


def display_hz(widget=None) -> float:
    """The refresh rate of the screen `widget` is on (else the primary screen's), at most
    MAX_FRAME_HZ; MAX_FRAME_HZ where the platform does not say (offscreen)."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QtGui.QGuiApplication.primaryScreen()
    rate = screen.refreshRate() if screen is not None else 0.0
    return min(MAX_FRAME_HZ, rate) if rate and rate > 1.0 else MAX_FRAME_HZ


class FramePacer(QtCore.QObject):
    """Calls `pull()` (the window's: take the news, draw the newest frame; returns whether
    it drew one) when news has arrived, no more often than `hz` for drawn frames.

    `urgent()`: true while a frame drawn now would be the first of the current config.
    `waiting()`: true when a frame still waits after a pull (the runner hands a training
    run's kept frame out before the newest one)."""

    news = QtCore.Signal()

    def __init__(
        self,
        pull: Callable[[], bool],
        parent: QtCore.QObject,
        hz: float = MAX_FRAME_HZ,
        urgent: Callable[[], bool] = lambda: False,
        waiting: Callable[[], bool] = lambda: False,
    ):
        super().__init__(parent)
        self._pull, self._urgent, self._waiting = pull, urgent, waiting
        self.interval = 1.0 / hz
        self.last_drawn = -math.inf  # perf_counter() when the last frame was pulled
        self.pulls = 0
        self.closed = False
        self.timer = QtCore.QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(QtCore.Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._due)
        self.news.connect(self._arrived, QtCore.Qt.ConnectionType.QueuedConnection)

    def notify(self) -> None:
        """Wake the GUI thread (from any thread)."""
        if self.closed:
            return
        with contextlib.suppress(RuntimeError):  # the window has been deleted meanwhile
            self.news.emit()

    def close(self) -> None:
        self.closed = True
        self.timer.stop()

    @QtCore.Slot()
    def _arrived(self) -> None:
        if self.closed:
            return
        if self._urgent():
            self.timer.stop()
            self._due()
        elif not self.timer.isActive():
            self._schedule()

    def _schedule(self) -> None:
        wait = self.last_drawn + self.interval - time.perf_counter()
        if wait <= 0:
            self._due()
        else:
            self.timer.start(max(1, math.ceil(wait * 1000)))

    @QtCore.Slot()
    def _due(self) -> None:
        if self.closed:
            return
        started = time.perf_counter()
        self.pulls += 1
        if self._pull():
            self.last_drawn = started
        if self._waiting() and not self.timer.isActive():
            self.timer.start(max(1, math.ceil(self.interval * 1000)))
