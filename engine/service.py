"""The engine loop a window talks to: commands in, events out, over two pipes.

`serve` runs in the window's engine process (tests that patch the engine run it in a
thread). A process has its own GIL: a busy GUI thread made every torch op of an engine
*thread* wait for the GIL between ops (torch gives it back only inside an op), which
halved its steps/s while the window drew. The loop only knows `multiprocessing`
connections and one shared integer (`protocol.Newest`), so the same code serves both.
The messages are the dataclasses of `engine.protocol`.

Between any two pieces of work the loop reads every command waiting, then does the most
urgent work there is: a new config's first frame (the one a user waits for), a sweep's
next cell, then streaming. A sweep therefore pauses streaming, and streaming resumes
where it was once the sweep ends. Taylor series are not expanded here but in a process
of their own (`engine.taylor_data.serve`): sympy holds the GIL throughout, so in this
loop it paused streaming for ~1 s after the first frame, and in a thread beside it cut
streaming to ~4 steps/s.
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass

from .pipeline import Pipeline
from .protocol import (
    CancelSweep,
    FrameMeasured,
    Newest,
    Paused,
    Ready,
    RequestStep,
    RunPhaseSweep,
    RunSweep,
    SetConfig,
    SetRunning,
    SetSampleLayer,
    SetSpectrum,
    SpectrumMeasured,
    StepFailed,
    Stop,
    SweepFailed,
    SweepProgress,
)
from .spectrum_worker import SpectrumWorker
from .words import QT_TRANSLATE_NOOP, message

OUTDATED_LOOK_S = 0.005  # how often waiting for a measured pass looks for a newer config
BIG_STEP = 500 * 10**6  # depth·width²·batch of a step worth every core (≈ depth 120)
# The next seed's draw (`weight_draws.draw_ahead`) gives up only between layers: where
# one layer takes ~50 ms or more to draw (width ≳ 2048) it waits until the config has
# held this long, so dragging a slider over a wide net never waits for it.
BIG_LAYER = 4 * 2**20  # numbers in one layer's weights
AHEAD_AFTER_S = 0.3


def leave_a_core_for_the_gui() -> int:
    """Run torch's intra-op work of the calling (engine) thread on one core fewer than
    the machine has.

    With as many OpenMP threads as cores, the GUI's painting preempts one of them and
    every parallel op waits at its barrier for the preempted thread: on 2 cores the
    engine fell from ~100 to 1–5 steps/s while the window drew. OpenMP's thread count is
    per calling thread, so the main thread (and a headless `Probe` there) keeps its own.
    Returns the number of threads now used.
    """
    import torch

    from .devices import usable_cores

    wanted = max(1, min(torch.get_num_threads(), usable_cores() - 1))
    if wanted != torch.get_num_threads():
        torch.set_num_threads(wanted)
    return wanted


def error_message(exc: BaseException) -> str:
    """One line for the banner; out-of-memory errors get the advice that helps."""
    message = str(exc) or type(exc).__name__
    if not isinstance(exc, (ValueError, RuntimeError, MemoryError)):
        message = f"{type(exc).__name__}: {message}"
        traceback.print_exc()
    lowered = message.lower()
    if (
        isinstance(exc, MemoryError)
        or "out of memory" in lowered
        or "can't allocate memory" in lowered  # torch's CPU allocator
    ):
        first = message.splitlines()[0]
        message = f"The device ran out of memory ({first}): reduce depth, width or batch."
    return message


@dataclass
class _Sweep:
    sweep_id: int
    cells: object  # the `sweep_cells` generator


class EngineService:
    """The serving loop: one handler per command, then the most urgent work."""

    def __init__(self, commands, events, newest: Newest, running: bool = True):
        self.commands, self.events, self.newest = commands, events, newest
        self.running = running
        self.config = None
        self.generation = 0
        self.step_requests = 0
        self.sample_layer = 1
        self.stopped = False
        self.probe, self.built_for, self.failed = None, -1, False
        self.config_at = 0.0  # perf_counter() when the current config arrived
        self.ahead_for = -1  # the generation whose next seed has been drawn ahead
        self.sweep: _Sweep | None = None
        self.pipeline = Pipeline()
        self.spectra = SpectrumWorker()  # the spectrum panel's, on a thread of its own
        self.streaming_threads = 1
        self._handlers = {
            SetConfig: self._on_set_config,
            SetRunning: self._on_set_running,
            RequestStep: self._on_request_step,
            SetSampleLayer: self._on_set_sample_layer,
            SetSpectrum: self._on_set_spectrum,
            RunSweep: self._on_run_sweep,
            RunPhaseSweep: self._on_run_phase_sweep,
            CancelSweep: self._on_cancel_sweep,
            Stop: self._on_stop,
        }

    # ----- handlers -------------------------------------------------------------------
    def _on_set_config(self, command: SetConfig) -> None:
        self.generation, self.config = command.generation, command.config
        self.config_at = time.perf_counter()

    def _on_set_running(self, command: SetRunning) -> None:
        self.running = bool(command.running)

    def _on_request_step(self, command: RequestStep) -> None:
        self.step_requests += 1

    def _on_set_sample_layer(self, command: SetSampleLayer) -> None:
        self.sample_layer = int(command.layer)

    def _on_set_spectrum(self, command: SetSpectrum) -> None:
        self.spectra.want(command.on, command.from_layer)

    def _on_run_sweep(self, command: RunSweep) -> None:
        from .sweep import sweep_cells

        self._end_sweep()
        cells = sweep_cells(
            command.base,
            axis=command.axis,
            values=command.values,
            depths=command.depths,
            metric=command.metric,
            steps=command.steps,
            cancelled=lambda: self.newest.stopping,
            device_fallback=True,
        )
        self.sweep = _Sweep(command.sweep_id, cells)

    def _on_run_phase_sweep(self, command: RunPhaseSweep) -> None:
        from .phase import phase_cells

        self._end_sweep()
        cells = phase_cells(
            command.base,
            command.weight_vars,
            command.bias_vars,
            steps=command.steps,
            cancelled=lambda: self.newest.stopping,
        )
        self.sweep = _Sweep(command.sweep_id, cells)

    def _on_cancel_sweep(self, command: CancelSweep) -> None:
        if self.sweep is not None and self.sweep.sweep_id == command.sweep_id:
            self._end_sweep()

    def _on_stop(self, command: Stop) -> None:
        self.stopped = True

    def handle(self, command) -> None:
        self._handlers[type(command)](command)

    # ----- the loop -------------------------------------------------------------------
    def run(self) -> None:
        """Serve until told to stop or a pipe closes."""
        from . import devices

        try:
            self.streaming_threads = leave_a_core_for_the_gui()
            self.events.send(Ready(self.streaming_threads, tuple(devices.available_devices())))
            while not self.stopped:
                self._serve_spectra()
                work = self._next_work()
                if work is None:
                    self._deliver(self.pipeline.take())  # the frames still being measured
                if work is None and (self.spectra.busy or self._ahead_waits()):
                    if self.commands.poll(0.02):  # idle but for a spectrum or a draw
                        self.handle(self.commands.recv())
                elif work is None or self.commands.poll(0):  # block for a command only when idle
                    self.handle(self.commands.recv())
                elif self.newest.outdated(self.generation):
                    self.commands.poll(0.05)  # a newer config is on its way down the pipe
                else:
                    work()
        except (EOFError, BrokenPipeError, ConnectionResetError, KeyboardInterrupt):
            return  # the window has gone: nothing left to serve
        finally:  # the window's receiver sees the end of the pipe (in a thread, too)
            self._end_sweep()
            self.pipeline.close()
            self.spectra.close()
            self.events.close()
            self.commands.close()

    def _next_work(self):
        """The most urgent work there is, or None (then the loop waits for a command)."""
        if self.config is None:
            new_config = streaming = False
        else:
            new_config = self.generation != self.built_for
            streaming = (self.running or self.step_requests) and not self.failed
        if new_config:
            return self._step
        if self.sweep is not None:
            return self._sweep_cell
        if self._ahead_due():
            return self._draw_ahead
        return self._step if streaming else None

    def _ahead_pending(self) -> bool:
        return (
            self.ahead_for != self.generation
            and self.built_for == self.generation
            and self.probe is not None
            and not self.failed
        )

    def _ahead_waits(self) -> bool:
        """The next seed's draw is pending but waits for the config to hold."""
        return self._ahead_pending() and not self._ahead_due()

    def _ahead_due(self) -> bool:
        if not self._ahead_pending():
            return False
        big = max(self.config.weight_counts()) >= BIG_LAYER
        return not big or time.perf_counter() - self.config_at >= AHEAD_AFTER_S

    def _use_threads(self, threads: int) -> None:
        import torch

        if threads != torch.get_num_threads():
            torch.set_num_threads(threads)

    # ----- work -----------------------------------------------------------------------
    def _step(self) -> None:
        """One step of the current config (its first frame, or streaming)."""
        from .devices import usable_cores
        from .probe import Probe, StepCancelled

        generation, config = self.generation, self.config
        new_config = generation != self.built_for
        if self.step_requests and not new_config:
            self.step_requests -= 1
        # The first frame of a new deep config is the one a user waits for, with the
        # GUI idle meanwhile: it gets every core (a depth-500 step: 225 → 165 ms on
        # 2); small steps stay put (switching costs more than it saves there).
        big = sum(config.weight_counts()) * config.batch >= BIG_STEP
        self._use_threads(usable_cores() if new_config and big else self.streaming_threads)
        try:
            if new_config:
                # The old config's passes would be dropped by the window (an old
                # generation): none is waited for, the one being measured finishes on
                # its thread meanwhile and goes unsent.
                self.pipeline.drop()
                self.built_for, self.probe, self.failed = generation, None, False
                # even if this fails: wait for a new config
                cancelled = self.newest.canceller(generation)  # a wide net's draw: seconds
                self.probe = Probe(config, device_fallback=True, cancelled=cancelled)
            probe = self.probe
            probe.sample_layer = self.sample_layer
            probe.cancelled = self.newest.canceller(generation)
            # Streaming (not a new config's first frame, which a user waits for):
            # measure this pass while the next one runs.
            overlap = self.running and not new_config
            if overlap and Pipeline.suits(probe, self.streaming_threads):
                if not self._deliver(self.pipeline.push(generation, probe, probe.run())):
                    self.pipeline.take()  # the passes after a failed one: not sent
                    self.probe, self.failed = None, True
                return
            self._deliver(self.pipeline.take())
            frame = probe.step()
        except StepCancelled:
            return  # a new config (or stop) arrived mid-step: take it up at once
        except Exception as exc:  # noqa: BLE001 - any engine failure goes to the user
            self.events.send(StepFailed(generation, error_message(exc)))
            self.probe, self.failed = None, True
            return
        self._send_frame(generation, frame)

    def _draw_ahead(self) -> None:
        """Draw the next seed's weights (once per config, after its first frame): a
        reseed then starts its step at once."""
        from .probe import StepCancelled
        from .weight_draws import draw_ahead

        self.ahead_for = self.generation
        try:
            draw_ahead(self.config, self.newest.canceller(self.generation))
        except StepCancelled:
            pass  # a newer config: its own first frame goes first
        except Exception:  # noqa: BLE001 - a draw ahead is only a head start
            traceback.print_exc()

    def _sweep_cell(self) -> None:
        """Measure the running sweep's next cell, on every core (a user waits for it)."""
        from .devices import usable_cores
        from .probe import StepCancelled

        sweep = self.sweep
        self._deliver(self.pipeline.take())  # streaming's passes go out first
        self._use_threads(usable_cores())
        try:
            done, total, result = next(sweep.cells)
        except (StepCancelled, StopIteration):
            self._end_sweep()  # stopping, or nothing left
            return
        except Exception as exc:  # noqa: BLE001 - shown in the sweep panel
            self._end_sweep()
            self.events.send(SweepFailed(sweep.sweep_id, error_message(exc)))
            return
        self.events.send(SweepProgress(sweep.sweep_id, done, total, result))
        if done == total:
            self._end_sweep()

    def _serve_spectra(self) -> None:
        """Send the spectra measured; start the next one when it is due (not during a
        sweep, which has every core)."""
        for generation, spectrum in self.spectra.take():
            self.events.send(SpectrumMeasured(generation, spectrum))
        if self.built_for == self.generation and not self.failed and self.sweep is None:
            outdated = self.newest.canceller(self.generation)
            self.spectra.offer(self.generation, self.probe, self.running, outdated)

    def _end_sweep(self) -> None:
        if self.sweep is not None:
            self.sweep.cells.close()
            self.sweep = None

    # ----- events ---------------------------------------------------------------------
    def _send_frame(self, generation: int, frame) -> None:
        self.events.send(FrameMeasured(generation, frame))
        if frame.diverged and frame.config.mode == "train" and self.running:
            self.running = False
            notice = message(
                QT_TRANSLATE_NOOP(
                    "TrainingPlot",
                    "Training diverged at step {step} (loss is {loss}): paused. Lower the "
                    "learning rate or reseed, then run again.",
                ),
                step=str(frame.step),
                loss=str(frame.loss),
            )
            self.events.send(Paused(generation, notice))

    def _deliver(self, pending: list[tuple]) -> bool:
        """Send measured passes' frames in order, or the first one's error (then False:
        the passes after it are not sent). Waiting for a pass ends once a newer config
        is asked for: its first step goes first, and the window would drop the rest."""
        for generation, measured in pending:
            try:
                frame = self._measured(generation, measured)
            except Exception as exc:  # noqa: BLE001 - as for a step
                self.events.send(StepFailed(generation, error_message(exc)))
                return False
            if frame is None:
                return True  # outdated: these frames go unsent
            self._send_frame(generation, frame)
        return True

    def _measured(self, generation: int, measured):
        """The frame of a pass being measured, or None once `generation` is outdated."""
        while True:
            try:
                return measured.result(timeout=OUTDATED_LOOK_S)
            except TimeoutError:
                if self.newest.outdated(generation):
                    return None


def serve(commands, events, newest: Newest, running: bool = True) -> None:
    """Run the engine loop (a process's or thread's target)."""
    EngineService(commands, events, newest, running).run()
