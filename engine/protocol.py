"""Every message between the window and its engine, typed: commands in, events out.

The window talks to two processes: the engine (`engine.service`: runs, frames, sweeps)
and a small one that expands Taylor series (`engine.taylor_data.serve`: `TaylorRequest`
in, `TaylorData` or `TaylorFailed` out), so sympy never holds up the streaming engine.

They are frozen dataclasses of plain values (numbers, strings, tuples, numpy arrays, a
`LabConfig`, a `Frame`, a `SweepResult`), so they pickle across the process boundary and
the window reads every one of them without torch or sympy.

Cancelling has one mechanism, `Newest`: the newest config generation the window has
asked for, in memory both processes share. The window writes it *before* it sends the
config, so a deep step of an outdated config sees the change and gives up within 25
layers (`StepCancelled`) instead of finishing first; `Newest.stop()` ends any step.
A sweep is cancelled between its cells (`CancelSweep`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Callable

    from .config import LabConfig
    from .frame import Frame
    from .spectrum import Spectrum
    from .sweep import SweepResult

STOP_GENERATION = -1  # `Newest` set to this: stop whatever is running

# The Taylor panel's x range: curves are sampled once on this grid (it holds 0 and every
# multiple of 0.1, the range box's step), and the panel shows a slice of it.
TAYLOR_RANGE = 20.0
TAYLOR_POINTS = 8001


def taylor_grid() -> np.ndarray:
    return np.linspace(-TAYLOR_RANGE, TAYLOR_RANGE, TAYLOR_POINTS)


class Newest:
    """The newest generation the window has asked for (see the module docstring)."""

    def __init__(self, shared):
        self._shared = shared  # a multiprocessing.Value("q"), or anything with `.value`

    @classmethod
    def shared(cls, context, generation: int) -> Newest:
        """One in shared memory of `context` (a multiprocessing context or module)."""
        return cls(context.Value("q", generation, lock=False))

    def announce(self, generation: int) -> None:
        self._shared.value = generation

    def stop(self) -> None:
        self._shared.value = STOP_GENERATION

    @property
    def stopping(self) -> bool:
        return self._shared.value == STOP_GENERATION

    def outdated(self, generation: int) -> bool:
        """A newer config (or stop) has been asked for than `generation`."""
        return self._shared.value != generation

    def canceller(self, generation: int) -> Callable[[], bool]:
        """For `Probe.cancelled`: true once `generation` is outdated."""
        shared = self._shared
        return lambda: shared.value != generation


# ----- commands: window → engine -------------------------------------------------------
@dataclass(frozen=True)
class SetConfig:
    """Start a new run; frames of older generations are dropped."""

    generation: int
    config: LabConfig


@dataclass(frozen=True)
class SetRunning:
    """Stream steps, or wait."""

    running: bool


@dataclass(frozen=True)
class RequestStep:
    """One step while paused."""


@dataclass(frozen=True)
class SetSampleLayer:
    """The layer whose ∂ℓ/∂W the histogram samples."""

    layer: int


@dataclass(frozen=True)
class SetSpectrum:
    """Measure the spectrum panel's singular values beside streaming (while it shows);
    `from_layer`: the t its histogram shows (a streaming spectrum then measures only
    that t and the curves' points, `engine.spectrum.curve_layers`)."""

    on: bool
    from_layer: int | None = None


@dataclass(frozen=True)
class RunSweep:
    """Measure a phase diagram cell by cell (`engine.sweep.sweep_cells`); streaming
    waits meanwhile. A new sweep replaces one still running."""

    sweep_id: int
    base: LabConfig
    axis: str
    values: tuple[str, ...] | None
    depths: tuple[int, ...]
    metric: str
    steps: int = 2


@dataclass(frozen=True)
class RunPhaseSweep:
    """Measure the (σ_w², σ_b²) phase plane (`engine.phase.phase_cells`), its cells in
    parallel processes; reported like a sweep (`SweepProgress` with a `PhaseResult`)."""

    sweep_id: int
    base: LabConfig
    weight_vars: tuple[float, ...]
    bias_vars: tuple[float, ...]
    steps: int = 2


@dataclass(frozen=True)
class CancelSweep:
    sweep_id: int


@dataclass(frozen=True)
class TaylorRequest:
    """Taylor data of one activation and order, asked of the Taylor process (answered
    by `TaylorData` or `TaylorFailed`)."""

    activation: str
    order: int


@dataclass(frozen=True)
class Stop:
    """End the loop, the engine's or the Taylor process's (as does a closed pipe)."""


Command = (
    SetConfig
    | SetRunning
    | RequestStep
    | SetSampleLayer
    | SetSpectrum
    | RunSweep
    | RunPhaseSweep
    | CancelSweep
    | Stop
)
TaylorCommand = TaylorRequest | Stop
# Commands that state what the window wants now: a newer one makes an older unsent one
# of the same kind pointless, so the window's outbox keeps only the newest.
COALESCED = (SetConfig, SetRunning, SetSampleLayer, SetSpectrum)


# ----- events: engine → window ---------------------------------------------------------
@dataclass(frozen=True)
class Ready:
    torch_threads: int  # the streaming loop's intra-op threads
    devices: tuple[str, ...]  # `available_devices()`: torch knows them, the window does not


@dataclass(frozen=True)
class FrameMeasured:
    generation: int
    frame: Frame


@dataclass(frozen=True)
class StepFailed:
    """The run of `generation` failed; the loop waits for a new config."""

    generation: int
    message: str


@dataclass(frozen=True)
class Paused:
    """Training diverged: the loop stopped streaming."""

    generation: int
    message: str


@dataclass(frozen=True)
class SpectrumMeasured:
    """The singular values of J_t for one input of `generation`'s network."""

    generation: int
    spectrum: Spectrum


@dataclass(frozen=True)
class SweepProgress:
    """After every cell; `done == total` is the last one."""

    sweep_id: int
    done: int
    total: int
    result: SweepResult


@dataclass(frozen=True)
class SweepFailed:
    sweep_id: int
    message: str


@dataclass(frozen=True)
class TaylorData:
    """What the Taylor panel shows of one activation at one order, as plain values.

    `left` and `right`: float coefficients of x⁰…xᴺ for x < 0 and x ≥ 0 (equal for a
    smooth activation). `values` and `slopes`: f and f′ on `taylor_grid()`. `accurate`:
    where the order-N polynomial is within 1 % of f, searched out to ±TAYLOR_RANGE.
    """

    activation: str
    order: int
    left: tuple[float, ...]
    right: tuple[float, ...]
    piecewise: bool
    nonzero_orders: tuple[int, ...]  # orders ≥ 1 that add a term on either side
    text: str
    side_texts: tuple[str, str]
    kink_text: str  # "" without a kink up to this order
    latex: str
    verdict: str  # "pass", "right" (passes for x ≥ 0) or "fail"
    gain: str  # f′(0)², the variance factor per layer, as short text
    explanation: str
    accurate: tuple[float, float]
    values: np.ndarray = field(repr=False)
    slopes: np.ndarray = field(repr=False)

    def evaluate(self, x, order: int | None = None) -> np.ndarray:
        """The polynomial of `order` (default: all N) at `x`, side-aware."""
        x = np.asarray(x, dtype=np.float64)
        n = self.order if order is None else min(order, self.order)
        polyval = np.polynomial.polynomial.polyval
        right = polyval(x, self.right[: n + 1])
        if not self.piecewise:
            return right
        return np.where(x < 0, polyval(x, self.left[: n + 1]), right)

    def accurate_within(self, limit: float) -> tuple[float, float]:
        """`accurate`, searched out to ±limit only."""
        return max(self.accurate[0], -limit), min(self.accurate[1], limit)


@dataclass(frozen=True)
class TaylorFailed:
    """`lost`: not a property of the series but of its process, which died before it
    answered; asking again may succeed, so the answer is not kept."""

    activation: str
    order: int
    message: str
    lost: bool = False


Event = Ready | FrameMeasured | StepFailed | Paused | SpectrumMeasured | SweepProgress | SweepFailed
TaylorEvent = TaylorData | TaylorFailed
