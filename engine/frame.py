"""`Frame`: what one probe step measured, as immutable numpy data.

Frames cross from the engine process to the GUI, to files and to tests, so they hold only
read-only arrays, plain numbers and the frozen config they were computed with.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType

import numpy as np

from .config import LabConfig

# The per-layer table, in CSV order: the lesson's quantities, then a few extra columns.
COLUMNS = (
    "layer",
    "width_in",
    "width_out",
    "act_mean",
    "act_mean_theory",
    "act_var",
    "act_var_theory",
    "grad_h_var",
    "grad_h_var_theory",
    "grad_w_norm",
    "frac_zero",
    "frac_nonfinite",
    "frac_underflow",
    "act_frac_nonfinite",
    "update_ratio",
)

COLUMN_HELP = {
    "layer": "layer t, 1 = bottom (next to the input)",
    "width_in": "n_(t−1), the units layer t reads (its fan-in)",
    "width_out": "n_t, the units layer t writes (its fan-out)",
    "act_mean": "mean of the entries of h^t",
    "act_mean_theory": "predicted mean of h^t",
    "act_var": "variance of the entries of h^t",
    "act_var_theory": "predicted variance of h^t",
    "grad_h_var": "variance of the entries of ∂ℓ/∂h^t",
    "grad_h_var_theory": "predicted variance of ∂ℓ/∂h^t",
    "grad_w_norm": "Frobenius norm of ∂ℓ/∂W^t",
    "frac_zero": "fraction of entries of ∂ℓ/∂W^t exactly 0",
    "frac_nonfinite": "fraction of entries of ∂ℓ/∂W^t that are inf or NaN",
    "frac_underflow": "fraction of non-zero entries of ∂ℓ/∂W^t below the format's normal range",
    "act_frac_nonfinite": "fraction of entries of h^t that are inf or NaN",
    "update_ratio": "log10(std(lr·∂ℓ/∂W^t) / std(W^t)) (training mode)",
}


def freeze(array) -> np.ndarray:
    """`array` as a read-only float64 array: itself where nothing can change it any more
    (read-only, as is every array it is a view of, down to the one owning the memory),
    else a read-only copy."""
    if isinstance(array, np.ndarray) and array.dtype == np.float64 and _frozen(array):
        return array
    out = np.array(array, dtype=np.float64, copy=True)
    out.setflags(write=False)
    return out


def _frozen(array: np.ndarray) -> bool:
    while isinstance(array, np.ndarray):
        if array.flags.writeable:
            return False
        if array.base is None:
            return True
        array = array.base
    return False  # memory numpy does not own (a tensor's, say) can change under it


@dataclass(frozen=True)
class Frame:
    run_id: int
    step: int
    config: LabConfig
    device: str  # what it ran on, e.g. "cpu" or "cuda (NVIDIA H200)"
    columns: Mapping[str, np.ndarray]
    device_note: str | None = None  # why `device` is not the config's (absent: on 'auto')
    loss: float = float("nan")
    grad_norm_before: float = float("nan")  # global ‖∂ℓ/∂W‖ before clipping
    grad_norm_after: float = float("nan")  # … after clipping (equal when clipping is off)
    sample_layer: int = 1
    grad_sample: np.ndarray = field(default_factory=lambda: freeze([]))
    theory_note: str = ""
    step_seconds: float = 0.0
    diverged: bool = False

    def __post_init__(self):
        cols = {k: freeze(v) for k, v in self.columns.items()}
        object.__setattr__(self, "columns", MappingProxyType(cols))
        object.__setattr__(self, "grad_sample", freeze(self.grad_sample))

    def __reduce__(self):
        """Pickle as plain fields (a mappingproxy does not pickle): frames cross from
        the engine process to the window this way."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["columns"] = dict(self.columns)
        return _frame_from_fields, (values,)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.columns[name]

    @property
    def zero_layers(self) -> int:
        """Layers whose weight gradient is exactly zero everywhere (full underflow)."""
        return int(np.sum(self.columns["frac_zero"] >= 1.0))

    @property
    def nonfinite_layers(self) -> int:
        """Layers with any inf or NaN in their weight gradient (overflow)."""
        return int(np.sum(self.columns["frac_nonfinite"] > 0.0))

    def rows(self) -> list[dict[str, float]]:
        names = [c for c in COLUMNS if c in self.columns]
        return [
            {name: float(self.columns[name][i]) for name in names}
            for i in range(len(self.columns["layer"]))
        ]


def _frame_from_fields(values: dict) -> Frame:
    return Frame(**values)


def average_frames(frames: list[Frame]) -> Frame:
    """Mean of several steps of one run, column by column (NaN-aware for theory)."""
    if not frames:
        raise ValueError("no frames to average")
    last = frames[-1]
    with np.errstate(invalid="ignore"):
        cols = {
            name: np.mean(np.stack([f.columns[name] for f in frames]), axis=0)
            for name in last.columns
        }
    return Frame(
        run_id=last.run_id,
        step=last.step,
        config=last.config,
        device=last.device,
        device_note=last.device_note,
        columns=cols,
        loss=float(np.mean([f.loss for f in frames])),
        grad_norm_before=float(np.mean([f.grad_norm_before for f in frames])),
        grad_norm_after=float(np.mean([f.grad_norm_after for f in frames])),
        sample_layer=last.sample_layer,
        grad_sample=last.grad_sample,
        theory_note=last.theory_note,
        step_seconds=float(np.mean([f.step_seconds for f in frames])),
        diverged=any(f.diverged for f in frames),
    )
