"""The phase diagram: bottom-layer gradient size over a grid of depth × init (or activation).

Each cell is a short probe run (weights fixed, a few steps averaged); the result says at
a glance where a network of that depth trains healthily, i.e. where the bottom layer's
gradient stays inside the lesson's healthy range (`formats.HEALTHY`). The sweep is a
generator so the window can show progress and cancel between any two cells.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from .activations import ACTIVATIONS
from .config import ConfigError, LabConfig
from .formats import HEALTHY
from .frame import average_frames
from .inits import INITS
from .words import QT_TRANSLATE_NOOP, message

AXES = {"init": INITS, "activation": ACTIVATIONS}
METRICS = {
    "grad_h": QT_TRANSLATE_NOOP("Sweep", "RMS ∂ℓ/∂h at layer 1"),
    "grad_w": QT_TRANSLATE_NOOP("Sweep", "‖∂ℓ/∂W‖ at layer 1"),
}
NOT_ONE_OF = QT_TRANSLATE_NOOP("Sweep", "{value} is not one of: {choices}")
DEFAULT_DEPTHS = (2, 5, 10, 20, 30, 50, 100)


@dataclass(frozen=True)
class SweepResult:
    base: LabConfig
    axis: str  # "init" or "activation"
    values: tuple[str, ...]
    depths: tuple[int, ...]
    metric: str
    grid: np.ndarray = field(repr=False)  # (len(values), len(depths))
    cells_done: int = -1  # cells computed so far, row by row (-1: all)

    def computed(self) -> np.ndarray:
        done = self.grid.size if self.cells_done < 0 else self.cells_done
        return (np.arange(self.grid.size) < done).reshape(self.grid.shape)

    @property
    def healthy(self) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            return (self.grid >= HEALTHY[0]) & (self.grid <= HEALTHY[1])

    def labels(self) -> list[str]:
        return [AXES[self.axis][v].label for v in self.values]

    def to_dict(self) -> dict:
        def num(x):
            x = float(x)
            return None if math.isnan(x) else ("inf" if math.isinf(x) else x)

        return {
            "base_config": self.base.to_dict(),
            "axis": self.axis,
            "values": list(self.values),
            "depths": list(self.depths),
            "metric": self.metric,
            "metric_label": METRICS[self.metric],
            "healthy_range": list(HEALTHY),
            "grid": [[num(x) for x in row] for row in self.grid],
        }

    def to_csv(self) -> str:
        lines = [
            f"# stability-lab sweep: {METRICS[self.metric]}; base {self.base.to_json(indent=None)}"
        ]
        lines.append(",".join([self.axis, *(f"depth_{d}" for d in self.depths)]))
        for value, row in zip(self.values, self.grid, strict=True):
            lines.append(",".join([value, *(repr(float(x)) for x in row)]))
        return "\n".join(lines) + "\n"


def check_sweep(axis: str, values: Sequence[str] | None, depths: Sequence[int], metric: str):
    """Validate the sweep's own settings; errors name the setting."""
    if axis not in AXES:
        raise ConfigError("over", message(NOT_ONE_OF, value=repr(axis), choices=", ".join(AXES)))
    values = tuple(values) if values else tuple(AXES[axis])
    for v in values:
        if v not in AXES[axis]:
            choices = ", ".join(AXES[axis])
            raise ConfigError("values", message(NOT_ONE_OF, value=repr(v), choices=choices))
    if not depths:
        raise ConfigError("depths", QT_TRANSLATE_NOOP("Sweep", "give at least one depth"))
    for d in depths:
        if not 1 <= d <= 1000:
            why = QT_TRANSLATE_NOOP("Sweep", "{value} is out of range (allowed: 1–1000)")
            raise ConfigError("depths", message(why, value=str(d)))
    if metric not in METRICS:
        choices = ", ".join(METRICS)
        raise ConfigError("metric", message(NOT_ONE_OF, value=repr(metric), choices=choices))
    return values, tuple(depths)


def sweep_cells(
    base: LabConfig,
    axis: str = "init",
    values: Sequence[str] | None = None,
    depths: Sequence[int] = DEFAULT_DEPTHS,
    metric: str = "grad_h",
    steps: int = 2,
    cancelled: Callable[[], bool] | None = None,
    device_fallback: bool = False,
) -> Iterator[tuple[int, int, SweepResult]]:
    """Yield (cells done, cells in all, result so far) after every cell. `cancelled`
    and `device_fallback` go to each cell's `Probe`: the window's engine stops a cell at
    once when the window closes, and runs a sweep for an absent device on 'auto'."""
    from .probe import Probe  # torch loads when a sweep runs, not with the menus

    values, depths = check_sweep(axis, values, depths, metric)
    grid = np.full((len(values), len(depths)), np.nan)
    total = grid.size
    done = 0
    for i, value in enumerate(values):
        for j, depth in enumerate(depths):
            config = base.with_(**{axis: value, "depth": depth, "mode": "probe"})
            probe = Probe(config, device_fallback=device_fallback)
            probe.cancelled = cancelled
            frame = average_frames([probe.step() for _ in range(steps)])
            if metric == "grad_h":
                grid[i, j] = math.sqrt(frame["grad_h_var"][0])
            else:
                grid[i, j] = frame["grad_w_norm"][0]
            done += 1
            yield done, total, SweepResult(base, axis, values, depths, metric, grid.copy(), done)
