"""The Taylor panel's series, expanded in a small process of their own.

sympy holds the GIL for a whole expansion (~0.2 s per activation, 1–2 s for the first,
with sympy's import): expanded in the engine's loop they paused streaming for about a
second right after the window's first frame, and in a thread beside it streaming fell to
~4 steps/s. So the `EngineRunner` keeps this second process (`engine.taylor_data.serve`,
forked from the same forkserver as the engine, started on the first request) and the
streaming engine never waits for sympy. Requests leave through an outbox and a sender
thread, answers arrive on a receiver thread, and the GUI takes them on its own timer:
nothing here waits for the process (except `stop`).

A process that dies is started again by the next request; requests it had not answered
are carried over to that one, or, when no request follows, answered once with a lost
`TaylorFailed` that says so.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from engine.protocol import Stop, TaylorData, TaylorFailed, TaylorRequest
from engine.taylor_data import serve
from engine.words import QT_TRANSLATE_NOOP, message

from .engine_link import TAYLOR_PROCESS, Outbox, engine_context, send_all, start_process


@dataclass(eq=False)
class _Link:
    """One Taylor process and what it has been asked and not answered."""

    outbox: Outbox
    asked: set[TaylorRequest] = field(default_factory=set)
    process: object = None  # set by the starter thread once started
    starter: threading.Thread | None = None
    threads: list[threading.Thread] = field(default_factory=list)  # receiver, sender
    commands: object = None  # the window's end of the commands pipe
    ended: bool = False  # its events pipe has closed (or it never started)

    def alive(self) -> bool:
        if self.ended:
            return False
        return self.process is None or self.process.is_alive()  # None: starting


class TaylorWorker:
    """Expands `TaylorRequest`s in a process started by `start` (see the module)."""

    def __init__(self, start=start_process):
        self._start = start
        self._lock = threading.Lock()
        self._link: _Link | None = None
        self._answers: list[TaylorData | TaylorFailed] = []
        self._stopping = False

    @property
    def pid(self) -> int | None:
        link = self._link
        return getattr(link.process, "pid", None) if link is not None else None

    def is_alive(self) -> bool:
        link = self._link
        return link is not None and link.alive()

    def request(self, activation: str, order: int) -> None:
        """Ask for one series; the answer arrives through `take`."""
        request = TaylorRequest(activation, order)
        with self._lock:
            if self._stopping:
                return
            link = self._link
            if link is None or not link.alive():
                carried = link.asked if link is not None else set()
                link = self._link = self._launch(carried | {request})
                return
            if request in link.asked:
                return
            link.asked.add(request)
        link.outbox.put(request)

    def take(self) -> list[TaylorData | TaylorFailed]:
        """The answers that have arrived since the last call."""
        with self._lock:
            arrived, self._answers = self._answers, []
            return arrived

    # ----- the process's life ---------------------------------------------------------
    def close(self) -> None:
        """Tell the process to end, without waiting (`stop` waits)."""
        with self._lock:
            self._stopping = True
            link = self._link
        if link is not None:
            link.outbox.put(Stop())  # a process still starting reads it first thing
            link.outbox.close()

    def stop(self, timeout: float = 1.0) -> bool:
        """End the process; True when it has ended. An expansion holds nothing worth
        waiting for: after `timeout` it is terminated, then killed (a stopped process
        ignores SIGTERM until it is continued)."""
        self.close()
        link = self._link
        if link is None:
            return True
        if link.starter is not None:
            link.starter.join(timeout)
            if link.starter.is_alive():
                return False  # still waiting for the forkserver; it reads Stop first
        process = link.process
        if process is None:
            return True  # it could not start
        process.join(timeout)
        if process.is_alive():
            process.terminate()
            process.join(1.0)
            if process.is_alive():
                process.kill()
                process.join(1.0)
        for thread in link.threads:
            thread.join(1.0)
        if process.is_alive():
            return False
        if link.commands is not None and not any(t.is_alive() for t in link.threads):
            link.commands.close()
            link.commands = None
        link.process, link.ended = None, True
        process.close()
        return True

    def _launch(self, asked: set[TaylorRequest]) -> _Link:
        """A new process (started on a thread: the first start waits for the forkserver),
        asked `asked` at once. Called with the lock held."""
        ctx = engine_context()
        commands_out, commands_in = ctx.Pipe(duplex=False)
        events_out, events_in = ctx.Pipe(duplex=False)
        link = _Link(Outbox(), set(asked), commands=commands_in)
        for request in sorted(asked, key=lambda r: (r.activation, r.order)):
            link.outbox.put(request)

        def start() -> None:
            try:
                link.process = self._start(serve, (commands_out, events_in), TAYLOR_PROCESS)
            except Exception as exc:  # noqa: BLE001 - e.g. no forkserver on this system
                link.outbox.close()
                said = QT_TRANSLATE_NOOP(
                    "TaylorWorker", "The Taylor series could not be expanded: {error}"
                )
                self._lost(link, message(said, error=str(exc)))
                return
            link.threads = [
                threading.Thread(
                    target=self._receive,
                    args=(link, events_out),
                    name=f"{TAYLOR_PROCESS}-answers",
                    daemon=True,
                ),
                threading.Thread(
                    target=send_all,
                    args=(link.outbox, commands_in),
                    name=f"{TAYLOR_PROCESS}-requests",
                    daemon=True,
                ),
            ]
            for thread in link.threads:
                thread.start()

        link.starter = threading.Thread(target=start, name=f"{TAYLOR_PROCESS}-start", daemon=True)
        link.starter.start()
        return link

    # ----- answers (the receiver thread) --------------------------------------------
    def _receive(self, link: _Link, events) -> None:
        try:
            while True:
                try:
                    answer = events.recv()
                except (EOFError, OSError):
                    break
                with self._lock:
                    link.asked.discard(TaylorRequest(answer.activation, answer.order))
                    self._answers.append(answer)
        finally:
            events.close()
            link.outbox.close()  # its sender thread ends too
        if self._stopping:  # `stop` joins this thread before it closes the process
            link.ended = True
            return
        process = link.process
        if process is not None:
            process.join(1.0)
        code = getattr(process, "exitcode", None)
        stopped = QT_TRANSLATE_NOOP(
            "TaylorWorker",
            "The Taylor series process stopped unexpectedly (exit code {code}); "
            "it starts again with the next series asked for.",
        )
        self._lost(link, message(stopped, code=str(code)))

    def _lost(self, link: _Link, message: str) -> None:
        """`link` has ended: answer what it still owed, unless a newer process has taken
        it over or the window is closing."""
        with self._lock:
            link.ended = True
            if self._stopping or self._link is not link:
                return
            owed, link.asked = link.asked, set()
            self._answers.extend(
                TaylorFailed(r.activation, r.order, message, lost=True)
                for r in sorted(owed, key=lambda r: (r.activation, r.order))
            )
