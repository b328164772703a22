"""Per-layer statistics of one step, as a few vectorised reductions.

Statistics are accumulated in float64 whatever the network's precision (a norm of fp16
values overflows by itself). Counting is the costly part (a full pass over every weight
gradient costs ~18% of a depth-100 step), so unless `exact` is asked for, the fractions
of zero and underflowed entries are estimated from a fixed spread-out sample of each
layer, while the cases that matter are still exact: a layer whose gradient norm is 0
is 100% zero, and a layer with any inf/NaN is counted in full.
"""

from __future__ import annotations

import math

import torch

from .precision import DTYPES, RANGES

SAMPLE_PER_LAYER = 4096
# A float32 sum of squares flushes entries below ~1e-19 to 0 (and loses precision a bit
# above): a vanishing layer's norm would read 0, i.e. "exactly zero", in fp32. Norms
# below SMALL_NORM are redone on the values times RESCALE, a power of two (so exact):
# every float32 value of such a layer, denormals included, then squares without
# underflow, and even 4096² entries below SMALL_NORM·RESCALE sum below float32's max.
SMALL_NORM = 1e-15
RESCALE = 2.0**100


def _moments(stack: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(mean, variance, fraction non-finite) over all but the first dimension.

    Reductions run in the stack's own float32 (a float64 copy costs more than the
    reduction); layers where float32 overflows are redone in float64, layers where its
    squares underflow are redone rescaled by RESCALE.
    """
    dims = tuple(range(1, stack.dim()))
    count = stack[0].numel()
    stack = stack.float()
    mean = stack.mean(dim=dims, keepdim=True)
    spread = torch.linalg.vector_norm(stack - mean, dim=dims).double()
    mean = mean.flatten().double()
    var = spread * spread / count
    nonfinite = torch.zeros_like(mean)
    bad = ~torch.isfinite(mean + var)
    tiny = (spread < SMALL_NORM) & ~bad
    if bool(tiny.any()):  # float32 squares underflow: redo these layers rescaled
        sub = stack[tiny]
        dev = (sub - sub.mean(dim=dims, keepdim=True)) * RESCALE
        small_spread = torch.linalg.vector_norm(dev, dim=dims).double() / RESCALE
        var[tiny] = small_spread * small_spread / count
    for i in bad.nonzero().flatten().tolist():
        layer = stack[i].double()
        nonfinite[i] = (~torch.isfinite(layer)).sum().double() / count
        if nonfinite[i] > 0:  # inf/NaN entries: the variance is infinite or undefined
            mean[i] = layer.mean()
            var[i] = float("nan") if bool(torch.isnan(layer).all()) else float("inf")
        else:
            mean[i], var[i] = layer.mean(), layer.var(unbiased=False)
    return mean, var, nonfinite


def sample_stride(numel: int, row: int, target: int = SAMPLE_PER_LAYER) -> int:
    """A stride ≥ numel/target that is coprime with the row length, so the sample
    visits every row and every column (dead ReLU units zero whole columns)."""
    stride = max(1, numel // target)
    while stride > 1 and math.gcd(stride, row) != 1:
        stride += 1
    return stride


def layer_statistics(
    acts: list[torch.Tensor],
    grad_acts: list[torch.Tensor],
    grad_w: list[torch.Tensor],
    precision: str,
    emulate: bool,
    exact: bool = False,
) -> dict[str, torch.Tensor]:
    """Columns of the per-layer table (float64 tensors on the network's device)."""
    h = torch.stack(acts)
    gh = torch.stack(grad_acts)
    if emulate:  # what real half would have stored for ∂ℓ/∂h, rounding included
        gh = gh.to(DTYPES[precision])
    act_mean, act_var, act_nonfinite = _moments(h)
    _, grad_h_var, _ = _moments(gh)

    per_layer = grad_w[0].numel()
    w_norm = torch.stack(torch._foreach_norm(grad_w)).double()
    bad = ~torch.isfinite(w_norm)
    frac_nonfinite = torch.zeros_like(w_norm)
    for i in (w_norm < SMALL_NORM).nonzero().flatten().tolist():  # underflow: rescale
        w_norm[i] = torch.linalg.vector_norm(grad_w[i].float() * RESCALE).double() / RESCALE
    for i in bad.nonzero().flatten().tolist():
        g = grad_w[i]
        w_norm[i] = torch.linalg.vector_norm(g, dtype=torch.float64)
        frac_nonfinite[i] = (~torch.isfinite(g)).sum().double() / per_layer

    if exact:
        counted = torch.stack([g.reshape(-1) for g in grad_w])
    else:
        stride = sample_stride(per_layer, grad_w[0].shape[-1])
        counted = torch.stack([g.reshape(-1)[::stride] for g in grad_w])
    nonzero = torch.linalg.vector_norm(counted, ord=0, dim=1).double()
    frac_zero = 1.0 - nonzero / counted.shape[1]
    frac_zero = torch.where(w_norm == 0, torch.ones_like(frac_zero), frac_zero)
    if not exact:  # a sample that is all zero in a layer with a non-zero norm: count it all
        for i in ((frac_zero >= 1.0) & (w_norm != 0)).nonzero().flatten().tolist():
            frac_zero[i] = 1.0 - float(torch.count_nonzero(grad_w[i])) / per_layer
    frac_underflow = torch.zeros_like(w_norm)
    if precision != "fp32":
        small = ((counted != 0) & (counted.abs() < RANGES[precision].tiny)).sum(dim=1).double()
        frac_underflow = small / nonzero.clamp_min(1.0)
    return {
        "act_mean": act_mean,
        "act_var": act_var,
        "act_frac_nonfinite": act_nonfinite,
        "grad_h_var": grad_h_var,
        "grad_w_norm": w_norm,
        "frac_zero": frac_zero,
        "frac_nonfinite": frac_nonfinite,
        "frac_underflow": frac_underflow,
    }
