"""Run the engine beside the GUI and hand the GUI only the newest frame.

The engine loop (`engine.service.serve`) runs in its own process by default, or in a
thread (`isolation="thread"`, for tests that patch the engine in this process). Either
way it talks through two pipes; a small receiver thread here reads frames off the pipe
into a lock-protected slot, and the GUI pulls from that slot on its own timer
(`FramePump`). The receiver never touches Qt, which sidesteps Qt's cross-thread signal
traps (a slot that is a plain function runs in the emitting thread; a signal per engine
step starves the event loop), coalesces frames for free, and lets a settings change
restart the run at once: the loop checks for a new config between any two steps, and a
step in progress gives up every 25 layers once its config is outdated.

Why a process: torch gives the GIL back only inside each op, so a Python GUI thread
painting at 30 Hz made an engine *thread* wait for the GIL between ops; on 2 cores it
kept 0.46 of its headless steps/s. A process with its own GIL keeps its core to itself.
A process that dies (killed, out of memory) is reported in the banner and started again
at the next settings change; the GUI keeps running.
"""

from __future__ import annotations

import multiprocessing
import threading
from dataclasses import dataclass
from multiprocessing import spawn

from engine import LabConfig
from engine.frame import Frame
from engine.service import STOP_GENERATION, leave_a_core_for_the_gui, serve

__all__ = ["EngineError", "EngineRunner", "leave_a_core_for_the_gui", "warm_up"]

ISOLATIONS = ("process", "thread")
ENGINE_THREAD = "stability-lab-engine"  # tests look for leaked threads by this prefix
_context_lock = threading.Lock()
_context = None


def _engine_context():
    """A forkserver that has imported the engine (and torch) once: each window's engine
    process forks from it in milliseconds instead of importing torch again (1–2 s), and
    nothing of the GUI process (Qt, its threads) is ever forked."""
    global _context
    with _context_lock:
        if _context is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(["engine.service", "engine.probe"])
            _context = ctx
        return _context


def warm_up() -> None:
    """Start the forkserver (it imports torch on another core) without waiting for it:
    call as early as possible so the first engine process is ready sooner."""
    from multiprocessing import forkserver

    _engine_context()
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
    if name == ENGINE_THREAD:
        data.pop("init_main_from_path", None)
        data.pop("init_main_from_name", None)
    return data


_original_preparation_data = spawn.get_preparation_data
spawn.get_preparation_data = _preparation_data


@dataclass(frozen=True)
class EngineError:
    generation: int
    message: str


class EngineRunner:
    """Owns the engine. All public methods are safe to call from the GUI thread."""

    def __init__(
        self,
        config: LabConfig | None = None,
        running: bool = True,
        isolation: str = "process",
    ):
        if isolation not in ISOLATIONS:
            raise ValueError(f"isolation must be one of {ISOLATIONS}, not {isolation!r}")
        self.isolation = isolation
        self._lock = threading.Lock()
        self._config = config
        self._generation = 1 if config is not None else 0
        self._running = running
        self._sample_layer = 1
        self._latest: tuple[int, Frame] | None = None
        self._error: EngineError | None = None
        self._notice: str | None = None
        self._steps_done = 0
        self._torch_threads: int | None = None
        self.devices: list[str] | None = None  # present here, once the engine has said
        self._stopping = False
        self._engine = None  # the process or thread running `serve`
        self._commands = None
        self._receiver: threading.Thread | None = None
        self._starter: threading.Thread | None = None
        self._send_lock = threading.Lock()
        self._holding: list[tuple] | None = None  # commands held while the engine starts
        self._start_engine()

    # ----- GUI side -------------------------------------------------------------
    @property
    def generation(self) -> int:
        return self._generation

    @property
    def running(self) -> bool:
        return self._running

    def set_config(self, config: LabConfig) -> int:
        """Start a new run with `config`; frames of older configs are dropped."""
        with self._lock:
            self._config = config
            self._generation += 1
            self._latest = None
            generation = self._generation
        if not self.is_alive():
            self._start_engine()  # it died (reported already): this change restarts it
        else:
            self._newest.value = generation  # cancels an outdated step at once
            self._send(("config", generation, config))
        return generation

    def set_running(self, running: bool) -> None:
        self._running = bool(running)
        self._send(("running", self._running))

    def request_step(self) -> None:
        self._send(("step",))

    def set_sample_layer(self, layer: int) -> None:
        self._sample_layer = int(layer)
        self._send(("sample_layer", self._sample_layer))

    def take_latest(self) -> tuple[int, Frame] | None:
        with self._lock:
            latest, self._latest = self._latest, None
            return latest

    def take_error(self) -> EngineError | None:
        with self._lock:
            err, self._error = self._error, None
            return err

    def take_notice(self) -> str | None:
        with self._lock:
            notice, self._notice = self._notice, None
            return notice

    @property
    def torch_threads(self) -> int | None:
        """Torch's intra-op threads of the engine (None until it has reported them)."""
        return self._torch_threads

    @property
    def engine_pid(self) -> int | None:
        """The engine process's id (None in thread mode or before it has started)."""
        return getattr(self._engine, "pid", None) if self.isolation == "process" else None

    def steps_done(self) -> int:
        return self._steps_done

    def is_alive(self) -> bool:
        """The engine runs (or is starting)."""
        starting = self._starter is not None and self._starter.is_alive()
        return starting or (self._engine is not None and self._engine.is_alive())

    def stop(self, timeout: float = 5.0) -> bool:
        """End the engine and wait for it; True when it has ended."""
        self._stopping = True
        engine = self._engine
        if engine is None:
            return True
        self._newest.value = STOP_GENERATION
        self._send(("stop",))  # queued: a process still starting reads it first thing
        if self._starter is not None:
            self._starter.join(timeout)
            if self._starter.is_alive():
                return False  # still waiting for the forkserver; it will stop on its own
        engine.join(timeout)
        if engine.is_alive() and self.isolation == "process":
            engine.terminate()  # a step stuck in one huge op: the process can simply go
            engine.join(1.0)
        if self._receiver is not None:
            self._receiver.join(1.0)
        if self._commands is not None:
            self._commands.close()
            self._commands = None
        if self.isolation == "process" and not engine.is_alive():
            engine.close()
            self._engine = None
            return True
        return not engine.is_alive()

    # ----- plumbing ---------------------------------------------------------------
    def _send(self, message: tuple) -> None:
        """Send a command; while the engine process is still starting, hold it instead
        (only the newest config): nobody reads the pipe yet, and a slider dragged during
        start-up would fill it and block the GUI."""
        with self._send_lock:
            if self._holding is not None:
                if message[0] == "config":
                    self._holding = [m for m in self._holding if m[0] != "config"]
                self._holding.append(message)
                return
            self._write(message)

    def _write(self, message: tuple) -> None:
        try:
            if self._commands is not None:
                self._commands.send(message)
        except (BrokenPipeError, OSError):
            pass  # the engine has gone; the receiver reports it

    def _release_held(self) -> None:
        with self._send_lock:
            held, self._holding = self._holding or [], None
            for message in held:
                self._write(message)

    def _start_engine(self) -> None:
        ctx = _engine_context() if self.isolation == "process" else multiprocessing
        commands_out, commands_in = ctx.Pipe(duplex=False)
        events_out, events_in = ctx.Pipe(duplex=False)
        self._newest = ctx.Value("q", self._generation, lock=False)
        args = (commands_out, events_in, self._newest, self._running)
        if self.isolation == "process":
            engine = ctx.Process(target=serve, args=args, name=ENGINE_THREAD, daemon=True)
        else:
            engine = threading.Thread(target=serve, args=args, name=ENGINE_THREAD, daemon=True)
        self._engine, self._commands = engine, commands_in
        # Queued in the pipe until the engine reads it.
        if self._config is not None:
            self._send(("config", self._generation, self._config))
        if self._sample_layer != 1:
            self._send(("sample_layer", self._sample_layer))

        def start() -> None:
            try:
                engine.start()
            except Exception as exc:  # noqa: BLE001 - e.g. no forkserver on this system
                with self._lock:
                    self._error = EngineError(
                        self._generation, f"The engine could not start: {exc}"
                    )
                return
            finally:
                self._release_held()
            if self.isolation == "process":  # the child has its own copies of its ends
                commands_out.close()
                events_in.close()
            self._receiver = threading.Thread(
                target=self._receive,
                args=(events_out, engine),
                name=f"{ENGINE_THREAD}-events",
                daemon=True,
            )
            self._receiver.start()

        if self.isolation == "process":
            # The first start waits for the forkserver to import torch (1–2 s): the
            # window goes on painting meanwhile, its commands held until then.
            with self._send_lock:
                self._holding = []
            self._starter = threading.Thread(
                target=start, name=f"{ENGINE_THREAD}-start", daemon=True
            )
            self._starter.start()
        else:
            self._starter = None
            start()

    def _receive(self, events, engine) -> None:
        """Read the engine's events into the slots until its pipe closes."""
        try:
            while True:
                try:
                    message = events.recv()
                except (EOFError, OSError):
                    break
                self._take(message)
        finally:
            events.close()
        if not self._stopping:
            engine.join(1.0)
            code = getattr(engine, "exitcode", None)
            with self._lock:
                self._error = EngineError(
                    self._generation,
                    f"The engine stopped unexpectedly (exit code {code}); "
                    "change a setting to start it again.",
                )

    def _take(self, message: tuple) -> None:
        kind = message[0]
        if kind == "ready":
            self._torch_threads, self.devices = message[1], list(message[2])
            return
        with self._lock:
            current = message[1] == self._generation
            if kind == "frame":
                self._steps_done += 1
                if current:
                    self._latest = (message[1], message[2])
            elif kind == "error" and current:
                self._error = EngineError(message[1], message[2])
            elif kind == "paused" and current:
                self._running = False
                self._notice = message[2]
