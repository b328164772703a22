"""Ctrl+C, SIGTERM and SIGHUP close the window as File › Quit does.

Qt's event loop runs no Python between events, so Python's own SIGINT handler would
only raise KeyboardInterrupt inside whichever slot ran next (a traceback, and the window
runs on). Instead the signal wakes the loop through a socket (`signal.set_wakeup_fd`),
and a slot closes every window: settings are saved, the engine's process is stopped,
and the program exits with 128 + the signal's number.
"""

from __future__ import annotations

import contextlib
import signal
import socket

from PySide6 import QtCore, QtWidgets

SIGNALS = [getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n)]


class QuitOnSignals(QtCore.QObject):
    """Installed for the event loop's lifetime; `status` is 0 or 128 + the signal."""

    def __init__(self, app: QtWidgets.QApplication):
        super().__init__(app)
        self.app = app
        self.received: int | None = None
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._old_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._old = {s: signal.signal(s, self._on_signal) for s in SIGNALS}
        self._notifier = QtCore.QSocketNotifier(
            self._reader.fileno(), QtCore.QSocketNotifier.Type.Read, self
        )
        self._notifier.activated.connect(self._on_wake)

    def _on_signal(self, signum, _frame) -> None:
        if self.received is None:
            self.received = signum  # the slot below closes the windows

    @QtCore.Slot()
    def _on_wake(self) -> None:
        with contextlib.suppress(OSError):
            self._reader.recv(512)
        if self.received is not None and not self.app.closingDown():
            self.app.closeAllWindows()
            self.app.quit()

    @property
    def status(self) -> int:
        return 0 if self.received is None else 128 + self.received

    def uninstall(self) -> None:
        self._notifier.setEnabled(False)
        for sig, old in self._old.items():
            signal.signal(sig, old)
        signal.set_wakeup_fd(self._old_fd)
        self._reader.close()
        self._writer.close()
