"""Run the engine beside the GUI and hand the GUI only the newest of everything.

The engine loop (`engine.service.serve`) runs in its own process (tests that patch the
engine in their own process hand the runner a starter of threads instead) and talks
through two pipes with the typed messages of `engine.protocol`. Two small
threads here never touch Qt: a sender writes the commands the GUI has put in an outbox,
and a receiver reads events into lock-protected slots that the GUI pulls. The receiver
never emits a Qt signal of its own (a slot that is a plain function runs in the emitting
thread): it calls `notify`, the window's thread-safe wake-up, and only when something new
waits and the GUI has pulled since the last call, so a fast engine never floods the event
loop with a wake-up per step. It coalesces both ways: frames (only the newest is kept) and commands (only the newest unsent config,
running state and sampled layer), so a slow or stopped engine whose pipe is full never
blocks the GUI thread. A settings change restarts the run at once: the loop checks for a
new config between any two steps, and a step in progress gives up within a few layers
once its config is outdated (`protocol.Newest`). What has arrived waits in the runner's
`inbox` (gui/engine_inbox.py).

Why a process: torch gives the GIL back only inside each op, so a Python GUI thread
painting at 30 Hz made an engine *thread* wait for the GIL between ops; on 2 cores it
kept 0.46 of its headless steps/s. A process with its own GIL keeps its core to itself,
and torch and sympy never load into the window's process. A process that dies (killed,
out of memory) is reported in the banner and started again at the next request. Taylor
series are expanded by a second, smaller process (`taylor_worker`), so the streaming
engine never waits for sympy; sweeps run in the engine.
"""

from __future__ import annotations

import threading

from engine import LabConfig
from engine.frame import Frame
from engine.protocol import (
    CancelSweep,
    Newest,
    RequestStep,
    RunPhaseSweep,
    RunSweep,
    SetConfig,
    SetRunning,
    SetSampleLayer,
    SetSpectrum,
    Stop,
    TaylorData,
    TaylorFailed,
)
from engine.service import leave_a_core_for_the_gui, serve
from engine.sweep import DEFAULT_DEPTHS
from engine.words import QT_TRANSLATE_NOOP, message

from .engine_inbox import EngineError, Inbox, SweepStatus
from .engine_link import ENGINE_THREAD, Outbox, engine_context, send_all, start_process, warm_up
from .taylor_worker import TaylorWorker

__all__ = ["EngineError", "EngineRunner", "SweepStatus", "leave_a_core_for_the_gui", "warm_up"]


COULD_NOT_START = QT_TRANSLATE_NOOP("EngineRunner", "The engine could not start: {reason}")
STOPPED = QT_TRANSLATE_NOOP(
    "EngineRunner",
    "The engine stopped unexpectedly (exit code {code}); change a setting to start it again.",
)


class EngineRunner:
    """Owns the engine and the Taylor process. All public methods are safe to call from
    the GUI thread, and none of them waits for either (except `stop`).

    `start(target, args, name)` runs `target(*args)` and returns a handle with the
    methods of a `multiprocessing.Process` (`engine_link.start_process`)."""

    def __init__(
        self,
        config: LabConfig | None = None,
        running: bool = True,
        start=start_process,
        notify=None,
    ):
        self._start = start
        # Called from the receiver thread when news waits and none is pending (see
        # engine_inbox); the GUI calls `rearm` before it pulls.
        self._notify = notify
        self._taylor = TaylorWorker(start)
        self._lock = threading.Lock()  # the config and its generation
        self._config = config
        self._generation = 1 if config is not None else 0
        self._running = running
        self._sample_layer = 1
        self._spectrum_on = False
        self._spectrum_from: int | None = None  # the panel's t, for the engine
        self.inbox = Inbox(self._generation, on_paused=self._paused)
        self._stopping = False
        self._engine = None  # the process or thread running `serve`
        self._commands = None
        self._outbox: Outbox | None = None
        self._sender: threading.Thread | None = None
        self._receiver: threading.Thread | None = None
        self._starter: threading.Thread | None = None
        self._start_engine()

    # ----- the run ----------------------------------------------------------------
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
            generation = self._generation
        self.inbox.new_generation(generation)
        if not self.is_alive():
            self._start_engine()  # it died (reported already): this change restarts it
        else:
            self._newest.announce(generation)  # cancels an outdated step at once
            self._outbox.put(SetConfig(generation, config))
        return generation

    def set_running(self, running: bool) -> None:
        self._running = bool(running)
        self._outbox.put(SetRunning(self._running))

    def request_step(self) -> None:
        self._outbox.put(RequestStep())

    def set_sample_layer(self, layer: int) -> None:
        self._sample_layer = int(layer)
        self._outbox.put(SetSampleLayer(self._sample_layer))

    def set_spectrum(self, on: bool, from_layer: int | None = None) -> None:
        """Have the engine measure spectra beside streaming (the panel shows), or not;
        `from_layer`: the t the panel's histogram shows."""
        self._spectrum_on = bool(on)
        self._spectrum_from = None if from_layer is None else int(from_layer)
        self._outbox.put(SetSpectrum(self._spectrum_on, self._spectrum_from))

    def rearm(self) -> None:
        """The GUI is about to pull: whatever arrives after this calls `notify` again."""
        self.inbox.rearm()

    def take_spectrum(self):
        """The newest `Spectrum` of the current config since the last call, or None."""
        return self.inbox.take_spectrum()

    def take_latest(self) -> tuple[int, Frame] | None:
        return self.inbox.take_latest()

    def frame_waiting(self) -> bool:
        """A frame waits for `take_latest`."""
        return self.inbox.frame_waiting()

    def take_error(self) -> EngineError | None:
        return self.inbox.take_error()

    def take_notice(self) -> str | None:
        return self.inbox.take_notice()

    def take_devices(self) -> list[str] | None:
        """The devices present here, once, when the engine has first reported them."""
        return self.inbox.take_devices()

    @property
    def devices(self) -> list[str] | None:
        """The devices present here (None until the engine has said)."""
        return self.inbox.devices

    @property
    def torch_threads(self) -> int | None:
        """Torch's intra-op threads of the engine (None until it has reported them)."""
        return self.inbox.torch_threads

    @property
    def engine_pid(self) -> int | None:
        """The engine process's id (None before it has started, or for a thread)."""
        return getattr(self._engine, "pid", None)

    @property
    def taylor_pid(self) -> int | None:
        """The Taylor process's id (None before the first series is asked for)."""
        return self._taylor.pid

    def steps_done(self) -> int:
        return self.inbox.steps_done()

    # ----- sweeps and Taylor series -------------------------------------------------
    def run_sweep(
        self,
        base: LabConfig,
        axis: str = "init",
        values=None,
        depths=DEFAULT_DEPTHS,
        metric: str = "grad_h",
        steps: int = 2,
    ) -> int:
        """Start a sweep in the engine (replacing one still running); returns its id."""
        sweep_id = self.inbox.new_sweep()
        values = tuple(values) if values else None
        self._ensure_engine()
        self._outbox.put(RunSweep(sweep_id, base, axis, values, tuple(depths), metric, steps))
        return sweep_id

    def run_phase_sweep(self, base: LabConfig, weight_vars, bias_vars, steps: int = 2) -> int:
        """Start a phase-plane sweep in the engine (replacing any sweep); returns its id.
        Its status (`sweep_status`) carries a `PhaseResult`."""
        sweep_id = self.inbox.new_sweep()
        self._ensure_engine()
        command = RunPhaseSweep(sweep_id, base, tuple(weight_vars), tuple(bias_vars), steps)
        self._outbox.put(command)
        return sweep_id

    def cancel_sweep(self, sweep_id: int) -> None:
        """The engine stops it after the cell in progress."""
        self.inbox.cancel_sweep(sweep_id)
        self._outbox.put(CancelSweep(sweep_id))

    def sweep_status(self, sweep_id: int) -> SweepStatus | None:
        """The newest sweep's status (None for an older one)."""
        return self.inbox.sweep_status(sweep_id)

    def request_taylor(self, activation: str, order: int) -> None:
        """Ask the Taylor process for `TaylorData`; it arrives through `take_taylor`."""
        self._taylor.request(activation, order)

    def take_taylor(self) -> list[TaylorData | TaylorFailed]:
        return self._taylor.take()

    # ----- the engine's life ----------------------------------------------------------
    def is_alive(self) -> bool:
        """The engine runs (or is starting)."""
        starting = self._starter is not None and self._starter.is_alive()
        return starting or (self._engine is not None and self._engine.is_alive())

    def stop(self, timeout: float = 5.0) -> bool:
        """End the engine and the Taylor process and wait for them; True when both have
        ended. A process that does not end in `timeout` (the Taylor process: half a
        second at most, it holds nothing worth waiting for) is terminated, then killed
        (a stopped process ignores SIGTERM until it is continued)."""
        self._stopping = True
        self._taylor.close()  # it ends meanwhile
        stopped = self._stop_engine(timeout)
        return self._taylor.stop(min(timeout, 0.5)) and stopped

    def _stop_engine(self, timeout: float) -> bool:
        self._newest.stop()
        self._outbox.put(Stop())  # a process still starting reads it first thing
        self._outbox.close()
        if self._starter is not None:
            self._starter.join(timeout)
            if self._starter.is_alive():
                return False  # still waiting for the forkserver; it will stop on its own
        engine = self._engine
        if engine is None:
            return True  # it could not start
        engine.join(timeout)
        if engine.is_alive():
            engine.terminate()  # a step stuck in one huge op: the process can simply go
            engine.join(1.0)
            if engine.is_alive():
                engine.kill()
                engine.join(1.0)
        for thread in (self._sender, self._receiver):
            if thread is not None:
                thread.join(1.0)
        if self._commands is not None and not (self._sender and self._sender.is_alive()):
            self._commands.close()
            self._commands = None
        if engine.is_alive():
            return False
        self._engine = None
        engine.close()
        return True

    def _ensure_engine(self) -> None:
        if not self.is_alive() and not self._stopping:
            self._start_engine()  # it died (reported already): this request restarts it

    def _start_engine(self) -> None:
        ctx = engine_context()
        commands_out, commands_in = ctx.Pipe(duplex=False)
        events_out, events_in = ctx.Pipe(duplex=False)
        self._newest = Newest.shared(ctx, self._generation)
        args = (commands_out, events_in, self._newest, self._running)
        if self._outbox is not None:
            self._outbox.close()  # the previous engine's: it has gone
        outbox = Outbox()  # filled now, sent once the engine has started
        if self._config is not None:
            outbox.put(SetConfig(self._generation, self._config))
        if self._sample_layer != 1:
            outbox.put(SetSampleLayer(self._sample_layer))
        if self._spectrum_on:
            outbox.put(SetSpectrum(True, self._spectrum_from))
        self._commands, self._outbox = commands_in, outbox

        def start() -> None:
            try:
                engine = self._start(serve, args, ENGINE_THREAD)
            except Exception as exc:  # noqa: BLE001 - e.g. no forkserver on this system
                outbox.close()
                self._engine = None  # never started: the next request tries again
                self.inbox.fail(message(COULD_NOT_START, reason=str(exc)))
                self._wake()
                return
            self._engine = engine
            self._receiver = threading.Thread(
                target=self._receive,
                args=(events_out, engine, outbox),
                name=f"{ENGINE_THREAD}-events",
                daemon=True,
            )
            self._receiver.start()
            self._sender = threading.Thread(
                target=send_all,
                args=(outbox, commands_in),
                name=f"{ENGINE_THREAD}-commands",
                daemon=True,
            )
            self._sender.start()

        # The first start waits for the forkserver to import torch (1–2 s): the window
        # goes on painting meanwhile, its commands held in the outbox.
        self._starter = threading.Thread(target=start, name=f"{ENGINE_THREAD}-start", daemon=True)
        self._starter.start()

    # ----- events (the receiver thread) ---------------------------------------------
    def _receive(self, events, engine, outbox: Outbox) -> None:
        """Read the engine's events into the slots until its pipe closes."""
        try:
            while True:
                try:
                    event = events.recv()
                except (EOFError, OSError):
                    break
                if self.inbox.put(event):
                    self._wake()
        finally:
            events.close()
            outbox.close()  # its sender thread ends too
        if not self._stopping:
            engine.join(1.0)
            code = getattr(engine, "exitcode", None)
            self.inbox.fail(message(STOPPED, code=str(code)))
            self._wake()

    def _wake(self) -> None:
        if self._notify is not None and not self._stopping:
            self._notify()

    def _paused(self) -> None:
        """The engine paused the run itself (a training run diverged)."""
        self._running = False
