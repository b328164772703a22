"""The (σ_w², σ_b²) phase plane: where a deep net is ordered, chaotic or critical.

Mean-field theory (Poole et al. 2016; Schoenholz et al. 2017) gives every point of the
plane a fixed point q* of the forward variance and a per-layer gradient factor χ₁ there:
χ₁ < 1 is the ordered phase (gradients vanish, e-fold every ξ = −1/ln χ₁ layers), χ₁ > 1
the chaotic one (they explode), χ₁ = 1 the critical line where a deep net trains. Each
cell of the grid is also measured: a short probe of the current activation and depth at
σ_w² = G²·n·γ (the gain G chosen for it) and σ_b² = bias_std², its bottom ÷ top gradient
and its fitted per-layer factor. Cells are independent, so they run in parallel, one
process per core (a process: the probe's Python loop holds the GIL between torch ops);
in the window's engine, a daemonic process that may not start others, one thread per
core; on a GPU one after another in this process. The level lines of χ₁ are traced through q (for one q, the
fixed-point equation and χ₁ = c give σ_w² and σ_b² directly), so no line depends on the
grid's resolution.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from .config import ConfigError, LabConfig
from .inits import INITS
from .words import QT_TRANSLATE_NOOP, message

COLUMNS = (
    "weight_var",
    "bias_var",
    "q_star",
    "chi1",
    "depth_scale",
    "chi1_measured",
    "grad_log10_ratio",
)
CELL_COLUMNS = COLUMNS[2:]
COLUMN_HELP = {
    "weight_var": "σ_w² = G²·n·γ",
    "bias_var": "σ_b² = bias_std²",
    "q_star": "mean-field fixed point q* of Var[z] (inf: grows without bound)",
    "chi1": "mean-field χ₁ = σ_w²·E[φ'(√q* z)²], Var[∂ℓ/∂h] per layer down",
    "depth_scale": "ξ = −1/ln χ₁ (inf at χ₁ = 1, negative where gradients grow)",
    "chi1_measured": "the measured per-layer factor of Var[∂ℓ/∂h], fitted over the layers",
    "grad_log10_ratio": "log10 of RMS ∂ℓ/∂h at the bottom ÷ at the top, measured",
}
CELL_ERROR = QT_TRANSLATE_NOOP("PhasePlane", "{v}: {f}: {why}")  # Chinese colons
CELL_FIELDS = {  # the settings a cell sets, as a cell's error names them
    "gain": QT_TRANSLATE_NOOP("SweepFields", "gain"),
    "bias_std": QT_TRANSLATE_NOOP("SweepFields", "bias_std"),
}
DEPTH_SCALES = (3.0, 10.0, 30.0)  # |ξ| of the contours drawn beside χ₁ = 1
LINE_POINTS = 400


@dataclass(frozen=True)
class Line:
    """A level line of χ₁ in the plane (points in order; may be empty)."""

    label: str
    chi: float
    weight_var: np.ndarray = field(repr=False)
    bias_var: np.ndarray = field(repr=False)


@dataclass(frozen=True)
class PhaseResult:
    base: LabConfig
    weight_vars: tuple[float, ...]
    bias_vars: tuple[float, ...]
    grids: dict = field(repr=False)  # CELL_COLUMNS → (len(bias_vars), len(weight_vars))
    done: np.ndarray = field(repr=False)  # which cells are measured
    lines: tuple[Line, ...] = ()

    @property
    def current(self) -> tuple[float, float]:
        """(σ_w², σ_b²) of the base config: the dot on the figure."""
        return point_of(self.base)

    def computed(self) -> np.ndarray:
        return self.done

    def rows(self) -> list[dict[str, float]]:
        out = []
        for i, b in enumerate(self.bias_vars):
            for j, w in enumerate(self.weight_vars):
                row = {"weight_var": w, "bias_var": b}
                row.update({name: float(self.grids[name][i, j]) for name in CELL_COLUMNS})
                out.append(row)
        return out

    def to_csv(self) -> str:
        lines = [f"# stability-lab phase plane; base {self.base.to_json(indent=None)}"]
        lines.append(",".join(COLUMNS))
        for row in self.rows():
            lines.append(",".join(repr(float(row[name])) for name in COLUMNS))
        return "\n".join(lines) + "\n"

    def to_dict(self) -> dict:
        def num(x):
            x = float(x)
            return None if math.isnan(x) else (("inf" if x > 0 else "-inf") if math.isinf(x) else x)

        return {
            "base_config": self.base.to_dict(),
            "columns": COLUMN_HELP,
            "cells": [{k: num(v) for k, v in row.items()} for row in self.rows()],
            "lines": [
                {"label": ln.label, "chi1": ln.chi, "weight_var": ln.weight_var.tolist(),
                 "bias_var": ln.bias_var.tolist()}
                for ln in self.lines
            ],
        }  # fmt: skip


def _fan(config: LabConfig) -> float:
    """n·γ of the first layer: σ_w² = G²·n·γ."""
    n = config.layer_widths()
    return n[0] * INITS[config.init].gamma(n[0], n[1])


def point_of(config: LabConfig) -> tuple[float, float]:
    return config.gain**2 * _fan(config), config.bias_std**2


def cell_config(base: LabConfig, weight_var: float, bias_var: float) -> LabConfig:
    """The base config at (σ_w², σ_b²): the gain and bias std that give them."""
    return base.with_(
        gain=math.sqrt(weight_var / _fan(base)), bias_std=math.sqrt(bias_var), mode="probe"
    )


def check_phase(base: LabConfig, weight_vars: Sequence[float], bias_vars: Sequence[float]):
    """Validate the grid; errors name the option (weight_vars, bias_vars)."""
    if len(set(base.layer_widths())) > 1:
        why = QT_TRANSLATE_NOOP(
            "PhasePlane", "the phase plane is for a net of one width: drop --widths"
        )
        raise ConfigError("widths", why)
    if base.residual or base.norm != "none":
        why = QT_TRANSLATE_NOOP(
            "PhasePlane", "the phase plane is for a plain MLP (no residual, no norm)"
        )
        raise ConfigError("residual", why)
    out = []
    for name, values in (("weight_vars", weight_vars), ("bias_vars", bias_vars)):
        values = tuple(float(v) for v in values)
        if not values:
            raise ConfigError(name, QT_TRANSLATE_NOOP("PhasePlane", "give at least one value"))
        if len(set(values)) < len(values):
            raise ConfigError(name, QT_TRANSLATE_NOOP("PhasePlane", "a value is listed twice"))
        for v in values:
            if not math.isfinite(v) or v < 0 or (name == "weight_vars" and v == 0):
                kind = "> 0" if name == "weight_vars" else "≥ 0"
                why = QT_TRANSLATE_NOOP("PhasePlane", "{value} is not a variance {kind}")
                raise ConfigError(name, message(why, value=f"{v:g}", kind=kind))
        out.append(tuple(sorted(values)))
    weight_vars, bias_vars = out
    for w in (weight_vars[0], weight_vars[-1]):
        for b in (bias_vars[0], bias_vars[-1]):
            try:
                cell_config(base, w, b)
            except ConfigError as exc:
                which = "weight_vars" if exc.field == "gain" else "bias_vars"
                value = f"{w if which == 'weight_vars' else b:g}"
                field = CELL_FIELDS.get(exc.field, exc.field)
                why = message(CELL_ERROR, v=value, f=field, why=exc.reason)
                raise ConfigError(which, why) from None
    return weight_vars, bias_vars


# ----- theory --------------------------------------------------------------------------
def theory_cell(config: LabConfig, weight_var: float, bias_var: float) -> dict[str, float]:
    from .theory import depth_scale, fixed_point

    q, chi = fixed_point(config.activation, weight_var, bias_var, config.theory)
    critical = abs(chi - 1.0) < 1e-12  # χ₁ = 1 but for rounding: ξ = inf
    return {"q_star": q, "chi1": chi, "depth_scale": math.inf if critical else depth_scale(chi)}


def level_lines(config: LabConfig, b_range: tuple[float, float]) -> tuple[Line, ...]:
    """χ₁ = 1 and the |ξ| = DEPTH_SCALES contours on both sides, within the ranges.

    For one q: the fixed point q = σ_w²·E[φ²](q) + σ_b² and χ₁ = σ_w²·E[φ'²](q) = c give
    σ_w² = c/E[φ'²](q), σ_b² = q − σ_w²·E[φ²](q); q runs over 1e-8 … 1e4. Where E[φ'²]
    does not depend on q (ReLU, a linear model) χ₁ depends on σ_w² alone: the line is
    upright, σ_w² = c/E[φ'²]."""
    from .theory import theory_moments

    at = theory_moments(config.theory, config.activation)
    qs = np.geomspace(1e-8, 1e4, LINE_POINTS)
    second = np.array([at(q)[1] for q in qs])
    slope2 = np.array([at(q)[2] for q in qs])
    upright = np.allclose(slope2, slope2[0], rtol=1e-9)
    levels = [(QT_TRANSLATE_NOOP("PhasePlane", "χ₁ = 1 (order | chaos)"), 1.0)]
    for xi in DEPTH_SCALES:
        levels += [(f"ξ = {xi:g}", math.exp(-1 / xi)), (f"ξ = −{xi:g}", math.exp(1 / xi))]
    lines = []
    for label, c in levels:
        if upright:
            w = np.full(2, c / slope2[0])
            b = np.array([b_range[0], b_range[1]], dtype=np.float64)
        else:
            with np.errstate(divide="ignore", invalid="ignore"):
                w = c / slope2
                b = qs - w * second
            if c == 1.0 and at(0.0)[1] == 0:  # φ(0) = 0: q* → 0 as σ_b → 0 along it
                w, b = np.append(w, c / at(0.0)[2]), np.append(b, 0.0)
            keep = np.isfinite(w) & np.isfinite(b) & (b >= 0)
            w, b = w[keep], b[keep]
            order = np.argsort(b)
            w, b = w[order], b[order]
        lines.append(Line(label, c, w, b))
    return tuple(lines)


# ----- measuring -------------------------------------------------------------------------
def measure_cell(base: LabConfig, weight_var: float, bias_var: float, steps: int) -> dict:
    """One cell: the probe's measurement and the theory at (σ_w², σ_b²)."""
    from .depth_scale import gradient_factor
    from .frame import average_frames
    from .probe import Probe

    config = cell_config(base, weight_var, bias_var)
    probe = Probe(config, device_fallback=True)
    frame = average_frames([probe.step() for _ in range(steps)])
    var = np.asarray(frame["grad_h_var"], dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = 0.5 * float(np.log10(var[0] / var[-1]))
    factor = gradient_factor(frame)
    out = theory_cell(base, weight_var, bias_var)
    out["chi1_measured"] = factor.measured if factor is not None else math.nan
    out["grad_log10_ratio"] = ratio
    return out


def _worker_start() -> None:
    import torch

    torch.set_num_threads(1)  # one core per cell: the cells are the parallel work


def _pool(workers: int):
    """Processes, one per core; threads where this process may not have children (the
    window's engine is a daemonic process), which still overlap in torch's ops."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

    if multiprocessing.current_process().daemon:
        return ThreadPoolExecutor(
            workers, thread_name_prefix="stability-lab-phase", initializer=_worker_start
        )
    spawn = multiprocessing.get_context("spawn")  # not fork: torch's threads exist already
    return ProcessPoolExecutor(workers, mp_context=spawn, initializer=_worker_start)


def phase_cells(
    base: LabConfig,
    weight_vars: Sequence[float],
    bias_vars: Sequence[float],
    steps: int = 2,
    workers: int | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[tuple[int, int, PhaseResult]]:
    """Yield (cells done, cells in all, result so far) as cells finish, in any order.
    Closing the generator (or `cancelled()` turning true) cancels the cells not started."""
    from concurrent.futures import FIRST_COMPLETED, wait

    from .devices import resolve_or_auto, usable_cores

    weight_vars, bias_vars = check_phase(base, weight_vars, bias_vars)
    shape = (len(bias_vars), len(weight_vars))
    grids = {name: np.full(shape, np.nan) for name in CELL_COLUMNS}
    done = np.zeros(shape, dtype=bool)
    lines = level_lines(base, (bias_vars[0], bias_vars[-1]))
    cells = [(i, j) for i in range(shape[0]) for j in range(shape[1])]

    def result() -> PhaseResult:
        frozen = {k: v.copy() for k, v in grids.items()}
        return PhaseResult(base, weight_vars, bias_vars, frozen, done.copy(), lines)

    def record(i: int, j: int, values: dict) -> None:
        for name in CELL_COLUMNS:
            grids[name][i, j] = values[name]
        done[i, j] = True

    device, _note = resolve_or_auto(base.device)
    workers = workers or min(usable_cores(), len(cells))
    if device.type != "cpu" or workers <= 1:  # a GPU runs the cells one after another
        for k, (i, j) in enumerate(cells, start=1):
            if cancelled is not None and cancelled():
                return
            record(i, j, measure_cell(base, weight_vars[j], bias_vars[i], steps))
            yield k, len(cells), result()
        return
    pool = _pool(workers)
    try:
        pending = {
            pool.submit(measure_cell, base, weight_vars[j], bias_vars[i], steps): (i, j)
            for i, j in cells
        }
        count = 0
        while pending:
            finished, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            if cancelled is not None and cancelled():
                return
            for future in finished:
                i, j = pending.pop(future)
                record(i, j, future.result())
                count += 1
            if finished:
                yield count, len(cells), result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
