"""What the window items share: a window offscreen, its event loop, its frames, and
the rates of one measured segment of streaming."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6 import QtCore  # noqa: E402

FRAMES_PER_S = 30.0


class Recorder(QtCore.QObject):
    """Lives in the GUI thread; notes when each frame is shown."""

    def __init__(self, window):
        super().__init__(window)
        self.frames: list[tuple[float, object]] = []
        window.frameShown.connect(self.on_frame)

    @QtCore.Slot(object)
    def on_frame(self, frame) -> None:
        self.frames.append((time.perf_counter(), frame))
        del self.frames[:-4]  # only the newest few are ever looked at


def spin(seconds: float) -> None:
    """Run the event loop for `seconds`."""
    loop = QtCore.QEventLoop()
    QtCore.QTimer.singleShot(max(0, int(seconds * 1000)), loop.quit)
    loop.exec()


def wait_for(predicate, timeout: float, wake=None) -> bool:
    """Run the event loop until `predicate()` holds, at most `timeout` seconds.

    `wake`: a signal after which it may hold (the window's frameShown): the loop sleeps
    until it fires, as a user's idle window does. Without one it looks every
    millisecond, and those 1000 wake-ups a second of the GUI thread preempt the
    engine's threads on 2 cores: a depth-500 first step took ~1.8x as long beside them.
    """
    if wake is None:
        deadline = time.perf_counter() + timeout
        while not predicate():
            if time.perf_counter() > deadline:
                return False
            spin(0.001)
        return True
    if predicate():
        return True
    loop = QtCore.QEventLoop()
    timer = QtCore.QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)

    def look(*_) -> None:
        if predicate():
            loop.quit()

    wake.connect(look)  # after the Recorder's slot: it has noted the frame by then
    timer.start(max(1, int(timeout * 1000)))
    try:
        loop.exec()
    finally:
        timer.stop()
        wake.disconnect(look)
    return predicate()


def open_window(config, timeout: float = 60.0):
    from gui import MainWindow
    from gui.app import make_app

    app = make_app()
    window = MainWindow(config=config, remember=False)
    recorder = Recorder(window)
    window.show()
    if not wait_for(lambda: window.last_frame is not None, timeout, window.frameShown):
        raise RuntimeError(f"the window showed no frame within {timeout:g} s")
    return app, window, recorder


def close_window(window) -> None:
    window.shutdown()
    window.close()
    window.deleteLater()
    spin(0.05)


def rss_mb(pid: int | str = "self") -> float:
    """Resident memory of a process in MB (0 when it has gone)."""
    try:
        fh = open(f"/proc/{pid}/status", encoding="ascii")  # noqa: SIM115 - closed below
    except OSError:
        return 0.0
    with fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return 0.0  # a process that has exited but not been reaped yet


def segment_rates(
    window, seconds: float, counted: Callable[[], int] = lambda: 0
) -> tuple[float, float, float]:
    """Per second over `seconds` of streaming: engine steps, frames shown, and whatever
    `counted()` counts (e.g. spectra shown)."""
    steps0, frames0, counted0 = window.runner.steps_done(), window.frames_shown, counted()
    started = time.perf_counter()
    spin(seconds)
    elapsed = time.perf_counter() - started
    return (
        (window.runner.steps_done() - steps0) / elapsed,
        (window.frames_shown - frames0) / elapsed,
        (counted() - counted0) / elapsed,
    )
