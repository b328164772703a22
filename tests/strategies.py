"""Hypothesis strategies for random use of the lab: small but otherwise any settings.

Sizes stay small (depth 1–40, width 2–64, batch 1–32) so each probe step takes
milliseconds; every other setting ranges over all its values, edges included (batch 1
with BatchNorm, width 2, lr 10, clip 1e-6, residual scale 1e-3 …).
"""

from __future__ import annotations

import contextlib

import numpy as np
import torch
from hypothesis import strategies as st

from engine import ACTIVATIONS, INITS, NORMS, PRECISIONS, LabConfig
from engine.config import MODES, OPTIMIZERS, TASKS, THEORIES


def _edgy_floats(lo: float, hi: float, edges) -> st.SearchStrategy[float]:
    return st.sampled_from(edges) | st.floats(lo, hi, allow_nan=False, allow_infinity=False)


FIELDS: dict[str, st.SearchStrategy] = {
    "depth": st.integers(1, 40),
    "width": st.integers(2, 64),
    "batch": st.integers(1, 32),
    "activation": st.sampled_from(list(ACTIVATIONS)),
    "init": st.sampled_from(list(INITS)),
    "precision": st.sampled_from(PRECISIONS),
    "residual": st.booleans(),
    "residual_scale": _edgy_floats(1e-3, 10.0, [1e-3, 1.0, 10.0]),
    "norm": st.sampled_from(NORMS),
    "clip": st.just(0.0) | _edgy_floats(1e-6, 1e6, [1e-6, 1.0, 1e6]),
    "seed": st.integers(0, 2**31 - 1),
    "theory": st.sampled_from(THEORIES),
    "mode": st.sampled_from(MODES),
    "optimizer": st.sampled_from(OPTIMIZERS),
    "lr": _edgy_floats(1e-6, 10.0, [1e-6, 0.01, 10.0]),
    "task": st.sampled_from(TASKS),
}


def configs(**fixed) -> st.SearchStrategy[LabConfig]:
    """A whole random config (fields in `fixed` held at the given value)."""
    parts = {name: (st.just(fixed[name]) if name in fixed else s) for name, s in FIELDS.items()}
    parts.update({k: st.just(v) for k, v in fixed.items() if k not in parts})
    return st.builds(LabConfig, **parts)


def changes() -> st.SearchStrategy[tuple[str, object]]:
    """One settings change: (field, new value), as a user turning one control."""
    return st.one_of(*[st.tuples(st.just(name), s) for name, s in FIELDS.items()])


def change_sequences(min_size: int = 1, max_size: int = 6):
    """A start config and the configs that random changes, one at a time, lead to."""

    @st.composite
    def build(draw):
        config = draw(configs(device="cpu"))
        sequence = [config]
        for name, value in draw(st.lists(changes(), min_size=min_size, max_size=max_size)):
            config = config.with_(**{name: value})
            sequence.append(config)
        return sequence

    return build()


MEASURED = ("act_mean", "act_var", "grad_h_var", "grad_w_norm")
FRACTIONS = ("frac_zero", "frac_nonfinite", "frac_underflow", "act_frac_nonfinite")


def check_frame(frame, config: LabConfig) -> None:
    """A frame is finite, or every inf/NaN in it is counted where a reader looks."""
    assert frame.config == config
    depth = config.depth
    np.testing.assert_array_equal(frame["layer"], np.arange(1, depth + 1))
    for name, column in frame.columns.items():
        assert column.shape == (depth,), name
    for name in FRACTIONS:
        f = frame[name]
        assert np.all(np.isfinite(f) & (f >= 0) & (f <= 1)), (name, f)
    # Activations: a layer's mean/variance is inf/NaN exactly when some h^t entries are.
    act_bad = ~np.isfinite(frame["act_mean"]) | ~np.isfinite(frame["act_var"])
    np.testing.assert_array_equal(act_bad, frame["act_frac_nonfinite"] > 0)
    # Weight gradients: a norm is inf/NaN exactly when some entries are (counted).
    np.testing.assert_array_equal(~np.isfinite(frame["grad_w_norm"]), frame["frac_nonfinite"] > 0)
    assert frame.nonfinite_layers == int(np.sum(frame["frac_nonfinite"] > 0))
    # ∂ℓ/∂h: inf/NaN there never goes unreported in the frame as a whole.
    if not np.all(np.isfinite(frame["grad_h_var"])):
        assert frame.nonfinite_layers > 0 or frame["act_frac_nonfinite"].max() > 0 or frame.diverged
    assert np.all(frame["act_var"][np.isfinite(frame["act_var"])] >= 0)
    assert np.all(frame["grad_h_var"][np.isfinite(frame["grad_h_var"])] >= 0)
    assert np.all(frame["grad_w_norm"][np.isfinite(frame["grad_w_norm"])] >= 0)
    assert frame.diverged == (not np.isfinite(frame.loss))
    if config.mode == "probe":
        assert np.all(np.isnan(frame["update_ratio"]))
    if config.clip and np.isfinite(frame.grad_norm_before):
        assert frame.grad_norm_after <= max(config.clip, frame.grad_norm_before) * (1 + 1e-9)
    assert frame.step_seconds >= 0


@contextlib.contextmanager
def torch_threads(n: int = 1):
    """Run with `n` torch threads: on a shared 2-core machine two OpenMP threads
    sometimes stall a millisecond step for seconds (measured), which says nothing about
    robustness but would blow the time budget."""
    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)
