"""Per-layer statistics of one step, as a few vectorised reductions.

Whatever the network's precision, statistics are reduced in float32: half values are
widened first (a norm of fp16 values overflows by itself), and a float64 copy would cost
more than the reduction. Where float32 is not enough a layer is redone: in float64 where
its sum overflows or it holds inf/NaN, on its values times 2¹⁰⁰ where its squares
underflow (a vanishing gradient would otherwise read exactly 0). The table comes back
in float64. Counting is the costly part (a full pass over every weight gradient costs
~18% of a depth-100 step), so unless `exact` is asked for, the fractions of zero and
underflowed entries are estimated from a fixed sample of each layer that visits every
row and column (`line_sample`), while the cases that matter are still exact: a layer
whose gradient norm is 0 is 100% zero, and a layer with any inf/NaN is counted in full.

Speed (benchmarks/, 'overhead'): the common case is a handful of batched reductions,
stacked into one table that crosses to the host once; the rare layers that need more
(zero, tiny, inf or NaN values) are found in that table with numpy and redone one by one.
Stacks are built a cache-sized chunk of layers at a time, so a deep network never
allocates (and page-faults) a full-size temporary per step.
"""

from __future__ import annotations

import math

import numpy as np
import torch

from .gram import weight_gradient_statistics
from .precision import DTYPES, RANGES
from .scratch import CHUNK_BYTES, in_storage_order, joined, scratch

SAMPLE_PER_LAYER = 4096
# A float32 sum of squares flushes entries below ~1e-19 to 0 (and loses precision a bit
# above): a vanishing layer's norm would read 0, i.e. "exactly zero", in fp32. Norms
# below SMALL_NORM are redone on the values times RESCALE, a power of two (so exact):
# every float32 value of such a layer, denormals included, then squares without
# underflow, and even 4096² entries below SMALL_NORM·RESCALE sum below float32's max.
SMALL_NORM = 1e-15
RESCALE = 2.0**100


def _raw_moments(
    layers: list[torch.Tensor] | torch.Tensor, round_to: torch.dtype | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """Per layer (mean, ‖x − mean‖₂) of its float32 values, in float32 reductions (a
    float64 copy costs more than the reduction). `layers`: a list, stacked a chunk at a
    time, or a stack already (read in place). `round_to` rounds the values to a half
    format first (what real half would have stored)."""
    first = layers[0]
    step = max(1, CHUNK_BYTES // (4 * first.numel()))
    buffer = scratch("moments", first, (min(step, len(layers)), *first.shape))
    means, spreads = [], []
    for i in range(0, len(layers), step):
        chunk = layers[i : i + step]
        out = buffer[: len(chunk)]
        dims = tuple(range(1, out.dim()))
        # the pass's own stack (not to be changed; order does not matter to a layer's
        # moments), or the layers stacked into scratch
        stacked = isinstance(chunk, torch.Tensor)
        values = in_storage_order(chunk) if stacked else torch.stack(list(chunk), out=out)
        if stacked and round_to is None and values.dtype == torch.float32:
            mean = values.mean(dim=dims, keepdim=True)  # the values in place, then
            deviations = torch.sub(values, mean, out=out.view(values.shape))  # in scratch
        else:
            if round_to is not None:
                values = values.to(round_to)
            values = values.float()  # a float32 copy, or the stack just written
            mean = values.mean(dim=dims, keepdim=True)
            deviations = values.sub_(mean)
        spreads.append(torch.linalg.vector_norm(deviations, dim=dims))
        means.append(mean.flatten())
    if len(means) == 1:
        return means[0], spreads[0]
    return torch.cat(means), torch.cat(spreads)


def _finish_moments(
    layers: list[torch.Tensor],
    round_to: torch.dtype | None,
    mean: np.ndarray,
    spread: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(mean, variance, fraction non-finite) from the float32 reductions, redoing the
    layers where they fail: where float32 overflows (or values are inf/NaN) in float64,
    where its squares underflow on the values rescaled by RESCALE."""
    count = layers[0].numel()
    var = spread * spread / count
    nonfinite = np.zeros_like(mean)
    with np.errstate(invalid="ignore", over="ignore"):
        bad = ~np.isfinite(mean + var)
    tiny = (spread < SMALL_NORM) & ~bad

    def values(i: int) -> torch.Tensor:
        layer = layers[i] if round_to is None else layers[i].to(round_to)
        return layer.float()

    for i in np.flatnonzero(tiny).tolist():  # float32 squares underflow: redo rescaled
        layer = values(i)
        dev = (layer - layer.mean()) * RESCALE
        small = float(torch.linalg.vector_norm(dev).double()) / RESCALE
        var[i] = small * small / count
    for i in np.flatnonzero(bad).tolist():
        layer = values(i).double()
        nonfinite[i] = float((~torch.isfinite(layer)).sum()) / count
        mean[i] = float(layer.mean())
        if nonfinite[i] > 0:  # inf/NaN entries: the variance is infinite or undefined
            var[i] = float("nan") if bool(torch.isnan(layer).all()) else float("inf")
        else:
            var[i] = float(layer.var(unbiased=False))
    return mean, var, nonfinite


def sample_stride(numel: int, row: int, target: int = SAMPLE_PER_LAYER) -> int:
    """A stride ≥ numel/target that is coprime with the row length, so the sample
    visits every row and every column (dead ReLU units zero whole columns)."""
    stride = max(1, numel // target)
    while stride > 1 and math.gcd(stride, row) != 1:
        stride += 1
    return stride


LINE = 16  # float32 entries in a 64-byte cache line


def line_sample(g: torch.Tensor) -> torch.Tensor | None:
    """A view of one cache line's worth of entries in every row of a matrix, the line
    moving one step right from row to row, so that the rows together visit every column.

    A spread-out strided sample of a 256×256 layer lands each entry on its own cache line,
    so it reads the whole layer from memory; this one reads 1/16 of it. None where the
    layer is no such matrix (or is small enough to count in full)."""
    if g.dim() != 2 or not g.is_contiguous() or g.numel() < 2 * SAMPLE_PER_LAYER:
        return None
    rows, cols = g.shape
    per_row = cols // LINE  # line positions in a row
    if cols % LINE or per_row < 2 or rows < per_row:
        return None
    shape = (rows // per_row, per_row, LINE)
    return g.as_strided(shape, (per_row * cols, cols + LINE, 1), g.storage_offset())


def layer_statistics(
    acts: list[torch.Tensor],
    grad_acts: list[torch.Tensor],
    grad_w: list[torch.Tensor] | None,
    precision: str,
    emulate: bool,
    exact: bool = False,
    gram=None,
) -> dict[str, torch.Tensor]:
    """Columns of the per-layer table (float64 CPU tensors). With `gram` (the probe's
    `LazyWeightGradients`, fp32 only) the ∂ℓ/∂W columns come from engine/gram.py and
    `grad_w` is not needed. Layers of different widths are measured a shape at a time."""
    with torch.no_grad():
        groups = _shape_groups(acts, grad_w)
        if groups is None:
            return _layer_statistics(acts, grad_acts, grad_w, precision, emulate, exact, gram)
        columns: dict[str, torch.Tensor] = {}
        for index in groups:
            part = _layer_statistics(
                [acts[i] for i in index],
                [grad_acts[i] for i in index],
                None if grad_w is None else [grad_w[i] for i in index],
                precision,
                emulate,
                exact,
            )
            for name, values in part.items():
                column = columns.setdefault(name, torch.empty(len(acts), dtype=torch.float64))
                column[index] = values
        return columns


def _shape_groups(acts, grad_w) -> list[list[int]] | None:
    """The layers grouped by shape (their output's and their weight gradient's), in
    order; None when every layer has the same shape (a stack reads them all at once)."""
    groups: dict[tuple, list[int]] = {}
    for i, act in enumerate(acts):
        key = (tuple(act.shape), None if grad_w is None else tuple(grad_w[i].shape))
        groups.setdefault(key, []).append(i)
    return None if len(groups) == 1 else list(groups.values())


def _layer_statistics(acts, grad_acts, grad_w, precision, emulate, exact, gram=None):
    gh_round = DTYPES[precision] if emulate else None  # what real half stores for ∂ℓ/∂h
    if gh_round is None:  # one pass of stacks over both: half the ops of a shallow net
        both = joined(acts, grad_acts)  # a plain pass's buffer holds them so
        mean, spread = _raw_moments(both if both is not None else [*acts, *grad_acts])
        d = len(acts)
        moments = [mean[:d], spread[:d], mean[d:], spread[d:]]
    else:
        moments = [*_raw_moments(acts), *_raw_moments(grad_acts, gh_round)]
    if gram is not None:
        table = torch.stack([r.double() for r in moments]).cpu().numpy()
        w_norm, frac_zero, frac_nonfinite = weight_gradient_statistics(gram.deltas, gram.inputs)
        weights = (w_norm, frac_zero, frac_nonfinite, np.zeros_like(w_norm))  # fp32 only
    else:
        table, weights = _weight_columns(moments, grad_w, precision, exact)
    act_mean, act_var, act_nonfinite = _finish_moments(acts, None, table[0], table[1])
    _, grad_h_var, _ = _finish_moments(grad_acts, gh_round, table[2], table[3])
    w_norm, frac_zero, frac_nonfinite, frac_underflow = weights
    columns = {
        "act_mean": act_mean,
        "act_var": act_var,
        "act_frac_nonfinite": act_nonfinite,
        "grad_h_var": grad_h_var,
        "grad_w_norm": w_norm,
        "frac_zero": frac_zero,
        "frac_nonfinite": frac_nonfinite,
        "frac_underflow": frac_underflow,
    }
    return {name: torch.from_numpy(np.ascontiguousarray(v)) for name, v in columns.items()}


def _weight_columns(moments, grad_w, precision, exact):
    """(the host table: the four moment rows, then these; (‖∂ℓ/∂W‖, fraction 0,
    fraction inf/NaN, fraction underflowed)) from the weight gradients themselves. The
    moments ride along so that everything crosses to the host in one transfer."""
    w_norm = torch.stack(torch._foreach_norm(grad_w))
    per_layer = grad_w[0].numel()
    lines = None if exact else line_sample(grad_w[0])
    if lines is not None and not all(g.is_contiguous() for g in grad_w):
        lines = None
    if exact:
        counted = torch.stack([g.reshape(-1) for g in grad_w])
    elif lines is not None:
        shape, strides = lines.shape, lines.stride()
        counted = torch.stack([g.as_strided(shape, strides) for g in grad_w]).flatten(1)
    else:
        stride = sample_stride(per_layer, grad_w[0].shape[-1])
        counted = torch.stack([g.reshape(-1)[::stride] for g in grad_w])
    nonzero = torch.linalg.vector_norm(counted, ord=0, dim=1)  # a third faster than count_nonzero
    reductions = [*moments, w_norm.float(), nonzero]
    if precision != "fp32":
        tiny = RANGES[precision].tiny
        reductions.append(((counted != 0) & (counted.abs() < tiny)).sum(dim=1))
    table = torch.stack([r.double() for r in reductions]).cpu().numpy()  # one transfer

    w_norm, nonzero = table[4], table[5]
    frac_nonfinite = np.zeros_like(w_norm)
    bad = ~np.isfinite(w_norm)
    small = np.flatnonzero(w_norm < SMALL_NORM).tolist()
    if small:  # underflow (or exactly 0): the norms of the values times RESCALE
        scaled = torch._foreach_mul([grad_w[i].float() for i in small], RESCALE)
        norms = torch.stack(torch._foreach_norm(scaled)).double().cpu().numpy() / RESCALE
        w_norm[small] = norms
    for i in np.flatnonzero(bad).tolist():
        g = grad_w[i]
        w_norm[i] = float(torch.linalg.vector_norm(g, dtype=torch.float64))
        frac_nonfinite[i] = float((~torch.isfinite(g)).sum()) / per_layer

    frac_zero = 1.0 - nonzero / counted.shape[1]
    frac_zero[w_norm == 0] = 1.0
    if not exact:  # a sample that is all zero in a layer with a non-zero norm: count it all
        for i in np.flatnonzero((frac_zero >= 1.0) & (w_norm != 0)).tolist():
            frac_zero[i] = 1.0 - float(torch.count_nonzero(grad_w[i])) / per_layer
    frac_underflow = np.zeros_like(w_norm)
    if precision != "fp32":
        frac_underflow = table[6] / np.maximum(nonzero, 1.0)
    return table, (w_norm, frac_zero, frac_nonfinite, frac_underflow)
