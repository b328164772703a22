"""The plumbing between the window and its engine's processes: where they come from (the
forkserver of `gui.forkserver`), and the outbox a sender thread empties into a commands
pipe."""

from __future__ import annotations

import threading

from engine.protocol import COALESCED

from .forkserver import ENGINE_THREAD, TAYLOR_PROCESS, engine_context, start_process, warm_up

__all__ = [
    "ENGINE_THREAD",
    "TAYLOR_PROCESS",
    "Outbox",
    "engine_context",
    "send_all",
    "start_process",
    "warm_up",
]


class Outbox:
    """Commands waiting for the sender thread, oldest first; a coalesced kind (a config,
    the running state, the sampled layer) keeps only its newest unsent command."""

    def __init__(self):
        self._ready = threading.Condition()
        self._commands: list = []
        self._closed = False

    def put(self, command) -> None:
        with self._ready:
            if isinstance(command, COALESCED):
                kind = type(command)
                self._commands = [c for c in self._commands if type(c) is not kind]
            self._commands.append(command)
            self._ready.notify()

    def close(self) -> None:
        """What is in it still goes out; nothing more comes in."""
        with self._ready:
            self._closed = True
            self._ready.notify()

    def take(self) -> list | None:
        """Every waiting command (waits for one); None once closed and empty."""
        with self._ready:
            while not self._commands and not self._closed:
                self._ready.wait()
            taken, self._commands = self._commands, []
            return taken or None


def send_all(outbox: Outbox, connection) -> None:
    """The sender thread: it alone may block on a full pipe."""
    while (commands := outbox.take()) is not None:
        for command in commands:
            try:
                connection.send(command)
            except (BrokenPipeError, OSError):
                return  # the engine has gone; the receiver reports it
