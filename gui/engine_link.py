"""The plumbing between the window and its engine's processes: where they come from (a
forkserver), and the outbox a sender thread empties into a commands pipe."""

from __future__ import annotations

import multiprocessing
import threading
from multiprocessing import spawn
from multiprocessing.connection import Connection

from engine.protocol import COALESCED

ENGINE_THREAD = "stability-lab-engine"  # tests look for leaked threads by this prefix
TAYLOR_PROCESS = f"{ENGINE_THREAD}-taylor"
_context_lock = threading.Lock()
_context = None


def engine_context():
    """A forkserver that has imported the engine (and torch) once: each window's engine
    process forks from it in milliseconds instead of importing torch again (1–2 s), and
    nothing of the GUI process (Qt, its threads) is ever forked."""
    global _context
    with _context_lock:
        if _context is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(
                ["engine.ignore_interrupts", "engine.service", "engine.probe"]
            )
            _context = ctx
        return _context


def warm_up() -> None:
    """Start the forkserver (it imports torch on another core) without waiting for it:
    call as early as possible so the first engine process is ready sooner."""
    from multiprocessing import forkserver

    engine_context()
    threading.Thread(
        target=forkserver.ensure_running, name=f"{ENGINE_THREAD}-warm-up", daemon=True
    ).start()


def _preparation_data(name: str) -> dict:
    """multiprocessing's start-up data for a child, without the main script for the
    engine's: multiprocessing would otherwise run the script (main.py, a benchmark,
    pytest) again in the child as `__mp_main__`, import Qt there for nothing, and refuse
    outright a script that opens a window at import. The engine's target needs nothing
    from it."""
    data = _original_preparation_data(name)
    if name in (ENGINE_THREAD, TAYLOR_PROCESS):
        data.pop("init_main_from_path", None)
        data.pop("init_main_from_name", None)
    return data


_original_preparation_data = spawn.get_preparation_data
spawn.get_preparation_data = _preparation_data


def start_process(target, args: tuple, name: str):
    """Run `target(*args)` in a process forked from the engine's forkserver and return
    it; the pipe ends among `args` are closed here once the child has its own copies, so
    the window sees the pipe end when the child does. (Tests pass the runner a starter
    of threads instead, to patch the engine in their own process.)"""
    process = engine_context().Process(target=target, args=args, name=name, daemon=True)
    process.start()
    for arg in args:
        if isinstance(arg, Connection):
            arg.close()
    return process


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
