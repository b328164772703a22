"""What the engine has said, the newest of each kind, waiting for the GUI to pull it.

The runner's receiver thread puts each event in its slot (`put`); the GUI thread takes
them out (`take_*`). One lock guards every slot. `put` says whether to wake the GUI: when
it left something to pull and no wake-up is pending (the GUI calls `rearm` before it
pulls), or when it is a run's first frame, the one a user waits for after a change. So a
fast engine never floods the event loop with a wake-up per step.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace

from engine.frame import Frame
from engine.protocol import (
    FrameMeasured,
    Paused,
    Ready,
    SpectrumMeasured,
    StepFailed,
    SweepFailed,
    SweepProgress,
)
from engine.sweep import SweepResult


@dataclass(frozen=True)
class EngineError:
    generation: int
    message: str  # English; a `Message` the window shows with `language.localise`


@dataclass(frozen=True)
class SweepStatus:
    """A sweep as the GUI sees it: cells done so far, the result so far, how it ended."""

    done: int = 0
    total: int = 1
    result: SweepResult | None = None
    error: str | None = None
    running: bool = True


class Inbox:
    """The slots the receiver fills and the GUI empties. `on_paused()` is called (in the
    receiver thread) when the engine pauses a run itself (a training run diverged)."""

    def __init__(self, generation: int, on_paused: Callable[[], None] = lambda: None):
        self._lock = threading.Lock()
        self._on_paused = on_paused
        self._generation = generation
        self._notified = False
        self._spectrum = None  # the newest SpectrumMeasured of the current generation
        self._latest: tuple[int, Frame] | None = None
        # A training run's first frame and its last finite one before a divergence are
        # handed out before the newest: lr_too_high diverges within one GUI tick, and
        # keeping only the newest frame showed nothing but its inf loss and NaN ratios.
        self._kept: tuple[int, Frame] | None = None
        self._latest_first = False  # whether `_latest` is its run's first frame
        self._first_of = 0  # the generation whose first frame has arrived
        self._error: EngineError | None = None
        self._notice: str | None = None
        self._steps_done = 0
        self.torch_threads: int | None = None
        self.devices: list[str] | None = None  # present here, once the engine has said
        self._new_devices: list[str] | None = None
        self._sweep_id = 0
        self._sweep = SweepStatus(running=False)  # of the newest sweep, `_sweep_id`

    # ----- the GUI's side ---------------------------------------------------------
    def new_generation(self, generation: int) -> None:
        """A new run: what waits of older ones is dropped, and arrives dropped."""
        with self._lock:
            self._generation = generation
            self._latest = self._spectrum = self._kept = None

    def new_sweep(self) -> int:
        """A new sweep replaces any other; returns its id."""
        with self._lock:
            self._sweep_id += 1
            self._sweep = SweepStatus()
            return self._sweep_id

    def cancel_sweep(self, sweep_id: int) -> None:
        with self._lock:
            if sweep_id == self._sweep_id and self._sweep.running:
                self._sweep = replace(self._sweep, running=False)

    def sweep_status(self, sweep_id: int) -> SweepStatus | None:
        """The newest sweep's status (None for an older one)."""
        with self._lock:
            return self._sweep if sweep_id == self._sweep_id else None

    def rearm(self) -> None:
        """The GUI is about to pull: whatever arrives after this wakes it again."""
        with self._lock:
            self._notified = False

    def take_spectrum(self):
        """The newest `Spectrum` of the current config since the last call, or None."""
        with self._lock:
            found, self._spectrum = self._spectrum, None
        return found.spectrum if found is not None else None

    def take_latest(self) -> tuple[int, Frame] | None:
        with self._lock:
            if self._kept is not None:
                kept, self._kept = self._kept, None
                return kept
            latest, self._latest = self._latest, None
            return latest

    def frame_waiting(self) -> bool:
        """A frame waits for `take_latest`."""
        with self._lock:
            return self._kept is not None or self._latest is not None

    def take_error(self) -> EngineError | None:
        with self._lock:
            err, self._error = self._error, None
            return err

    def take_notice(self) -> str | None:
        with self._lock:
            notice, self._notice = self._notice, None
            return notice

    def take_devices(self) -> list[str] | None:
        """The devices present here, once, when the engine has first reported them."""
        with self._lock:
            found, self._new_devices = self._new_devices, None
            return found

    def steps_done(self) -> int:
        return self._steps_done

    # ----- the receiver's side ----------------------------------------------------
    def fail(self, said: str, generation: int | None = None) -> None:
        """The engine could not start or has gone: say so, and end a running sweep."""
        with self._lock:
            self._error = EngineError(self._generation if generation is None else generation, said)
            if self._sweep.running:
                self._sweep = replace(self._sweep, error=said, running=False)
            self._notified = True

    def put(self, event) -> bool:
        """Put `event` in its slot; True when the GUI should be woken for it."""
        news = urgent = False
        with self._lock:
            current = getattr(event, "generation", None) == self._generation
            if isinstance(event, FrameMeasured):
                self._steps_done += 1
                if current:
                    urgent = self._first_of != event.generation
                    self._hold(event.generation, event.frame)
                    news = True
            elif isinstance(event, SpectrumMeasured):
                if current:
                    self._spectrum = event
                    news = True
            elif isinstance(event, StepFailed):
                if current:
                    self._error = EngineError(event.generation, event.message)
                    news = True
            elif isinstance(event, Paused):
                if current:
                    self._on_paused()
                    self._notice = event.message
                    news = True
            elif isinstance(event, SweepProgress | SweepFailed):
                if event.sweep_id == self._sweep_id and self._sweep.running:
                    self._sweep = _next_status(self._sweep, event)
            elif isinstance(event, Ready):
                self.torch_threads = event.torch_threads
                if self.devices is None:
                    self._new_devices = list(event.devices)
                    news = True
                self.devices = list(event.devices)
            wake = urgent or (news and not self._notified)
            if wake:
                self._notified = True
        return wake

    def _hold(self, generation: int, frame: Frame) -> None:
        """Make `frame` the newest; keep the one it replaces if that one began a training
        run or is the last finite frame before this divergence (called under the lock)."""
        pending = self._latest
        training = pending is not None and pending[1].config.mode == "train"
        worth = training and (self._latest_first or (frame.diverged and not pending[1].diverged))
        if worth and self._kept is None:
            self._kept = pending
        self._latest_first = self._first_of != generation
        self._first_of = generation
        self._latest = (generation, frame)


def _next_status(status: SweepStatus, event: SweepProgress | SweepFailed) -> SweepStatus:
    if isinstance(event, SweepFailed):
        return replace(status, error=event.message, running=False)
    return SweepStatus(event.done, event.total, event.result, None, event.done < event.total)
