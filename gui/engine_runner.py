"""Run the probe on a worker thread and hand the GUI only the newest frame.

The worker never talks to Qt: it writes its newest frame (tagged with the generation of
the config it was computed for) into a lock-protected slot, and the GUI pulls from that
slot on its own timer (`FramePump`). That sidesteps every cross-thread signal trap of
shared/PITFALLS.md, coalesces frames for free, and lets a settings change restart the
run at once: the worker checks for a new config between any two steps, and a step in
progress gives up (`StepCancelled`) every 25 layers once its config is outdated.
"""

from __future__ import annotations

import os
import threading
import time
import traceback
from dataclasses import dataclass

import torch

from engine import LabConfig, Probe
from engine.frame import Frame
from engine.probe import StepCancelled


@dataclass(frozen=True)
class EngineError:
    generation: int
    message: str


class EngineRunner:
    """Owns the engine thread. All public methods are safe to call from the GUI thread."""

    def __init__(self, config: LabConfig | None = None, running: bool = True):
        self._lock = threading.Condition()
        self._config = config
        self._generation = 0
        self._running = running
        self._step_requests = 0
        self._sample_layer = 1
        self._latest: tuple[int, Frame] | None = None
        self._error: EngineError | None = None
        self._notice: str | None = None
        self._stop = threading.Event()
        self._steps_done = 0
        self._torch_threads: int | None = None
        self._thread = threading.Thread(target=self._loop, name="stability-lab-engine", daemon=True)
        self._thread.start()

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
            self._lock.notify_all()
            return self._generation

    def set_running(self, running: bool) -> None:
        with self._lock:
            self._running = running
            self._lock.notify_all()

    def request_step(self) -> None:
        with self._lock:
            self._step_requests += 1
            self._lock.notify_all()

    def set_sample_layer(self, layer: int) -> None:
        self._sample_layer = int(layer)

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
        """Torch's intra-op threads in the engine thread (None before it has set them)."""
        return self._torch_threads

    def steps_done(self) -> int:
        return self._steps_done

    def is_alive(self) -> bool:
        return self._thread.is_alive()

    def stop(self, timeout: float = 5.0) -> bool:
        """Ask the loop to end and wait for it; True when the thread has ended."""
        self._stop.set()
        with self._lock:
            self._lock.notify_all()
        self._thread.join(timeout)
        return not self._thread.is_alive()

    # ----- engine side ----------------------------------------------------------
    def _wait_for_work(self, built_for: int, failed: bool) -> tuple[int, LabConfig] | None:
        """Block until there is a step to run: a new config, or running / a step request
        (but never retry a config whose probe failed: wait for the user to change it)."""
        with self._lock:
            while not self._stop.is_set():
                have_config = self._config is not None
                new_config = self._generation != built_for
                wanted = (self._running or self._step_requests) and not failed
                if have_config and (new_config or wanted):
                    if self._step_requests and not new_config:
                        self._step_requests -= 1
                    return self._generation, self._config
                self._lock.wait(0.5)
            return None

    def _loop(self) -> None:
        self._torch_threads = leave_a_core_for_the_gui()
        probe, built_for = None, -1
        while True:
            work = self._wait_for_work(built_for, failed=probe is None and built_for >= 0)
            if work is None:
                return
            generation, config = work
            try:
                if generation != built_for:
                    built_for = generation  # even if building fails: wait for a new config
                    probe = None
                    probe = Probe(config)
                probe.sample_layer = self._sample_layer
                probe.cancelled = lambda g=generation: self._outdated(g)
                frame = probe.step()
            except StepCancelled:
                continue  # a new config (or stop) arrived mid-step: take it up at once
            except Exception as exc:  # noqa: BLE001 - any engine failure goes to the user
                self._report(generation, exc)
                probe = None
                continue
            self._steps_done += 1
            with self._lock:
                if generation == self._generation:
                    self._latest = (generation, frame)
                    if frame.diverged and self._running:
                        self._running = False
                        self._notice = (
                            f"Training diverged at step {frame.step} (loss is {frame.loss}): "
                            "paused. Lower the learning rate or reseed, then run again."
                        )
            time.sleep(0)  # let the GUI thread take the GIL between steps

    def _outdated(self, generation: int) -> bool:
        return generation != self._generation or self._stop.is_set()

    def _report(self, generation: int, exc: Exception) -> None:
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
            message = f"The device ran out of memory ({message.splitlines()[0]}): reduce depth, width or batch."
        with self._lock:
            self._error = EngineError(generation, message)


def leave_a_core_for_the_gui() -> int:
    """Run torch's intra-op work of the calling (engine) thread on one core fewer than
    the machine has.

    With as many OpenMP threads as cores, the GUI thread's painting preempts one of
    them and every parallel op waits at its barrier for the preempted thread: on 2 cores
    the engine fell from ~100 to 1–5 steps/s while the window drew. OpenMP's thread
    count is per calling thread, so the main thread (and a headless `Probe` there)
    keeps its own. Returns the number of threads now used.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    wanted = max(1, min(torch.get_num_threads(), (cores or 1) - 1))
    if wanted != torch.get_num_threads():
        torch.set_num_threads(wanted)
    return wanted
